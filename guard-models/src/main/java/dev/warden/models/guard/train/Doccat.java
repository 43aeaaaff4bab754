package dev.warden.models.guard.train;

import dev.warden.models.guard.GuardClassifier;
import dev.warden.models.guard.GuardFeatures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;

/** Trains one binary OpenNLP document categorizer ({@code yes} / {@code no}) with the guard features. */
final class Doccat {
  /**
   * How a model is trained: the fewest texts a feature must occur in, the L2 penalty, and
   * the kind of {@link GuardFeatures}.
   */
  record Settings(int cutoff, double l2, GuardFeatures.Kind features) {
    Settings {
      java.util.Objects.requireNonNull(features);
      if (cutoff < 1 || !(l2 >= 0)) {
        throw new IllegalArgumentException("cutoff must be at least 1 and l2 not negative: " + cutoff + ", " + l2);
      }
    }
  }

  /** The injection model's settings (unchanged since it was first tuned). */
  static final Settings INJECTION = new Settings(1, 0.5, GuardFeatures.Kind.WORDS);
  /**
   * The safety models': features with stems, seen in three texts at least (a feature of fewer texts
   * is mostly a slot value or a template's word), with a stronger penalty, for phrasings not seen.
   */
  static final Settings SAFETY = new Settings(3, 1.0, GuardFeatures.Kind.WITH_STEMS);

  private Doccat() {
  }

  static DoccatModel train(List<String> positives, List<String> negatives, Settings settings) throws IOException {
    List<DocumentSample> samples = new ArrayList<>();
    // Interleaved, so that the order of the files does not bias the trainer.
    int n = Math.max(positives.size(), negatives.size());
    for (int i = 0; i < n; i++) {
      if (i < positives.size()) {
        samples.add(sample(GuardClassifier.POSITIVE, positives.get(i)));
      }
      if (i < negatives.size()) {
        samples.add(sample("no", negatives.get(i)));
      }
    }
    TrainingParameters params = new TrainingParameters();
    params.put(TrainingParameters.ALGORITHM_PARAM, "MAXENT_QN");
    params.put(TrainingParameters.ITERATIONS_PARAM, 300);
    params.put(TrainingParameters.CUTOFF_PARAM, settings.cutoff());
    params.put(TrainingParameters.THREADS_PARAM, 1);
    params.put("L2Cost", settings.l2());
    params.put("L1Cost", 0.0);
    DoccatFactory factory = new DoccatFactory(new FeatureGenerator[] {GuardFeatures.forTraining(settings.features())});
    return DocumentCategorizerME.train("en", ObjectStreamUtils.createObjectStream(samples), params, factory);
  }

  private static DocumentSample sample(String category, String text) {
    return new DocumentSample(category, GuardFeatures.tokens(text, Integer.MAX_VALUE));
  }

  static void write(DoccatModel model, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      model.serialize(out);
    }
  }
}
