package dev.warden.models.guard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.ml.ArrayMath;
import opennlp.tools.ml.maxent.quasinewton.QNModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.ml.model.MaxentModel;

/**
 * One trained binary document classifier (an OpenNLP doccat model) applied the way it was
 * trained: on windows of {@link #WINDOW} tokens, as long texts are made of many short parts and
 * an attack or an unsafe passage is local. The probability of a text is that of its most
 * positive window. Immutable and thread-safe.
 *
 * <p>Guard models are OpenNLP quasi-Newton maxent models (the trainer makes no other kind). A
 * window is scored with the arithmetic of {@code QNModel.eval}: each feature's parameters are
 * added per outcome in the order of the window's features, then normalised with
 * {@code ArrayMath.logSumOfExps} and {@code StrictMath.exp}. The parameters are copied once,
 * at load, into an array by the feature numbers of a {@link GuardVocabulary} that the models
 * loaded together share, so a text's features are looked up once for all of them, not once
 * per model. A feature a model lacks has all-zero parameters there; adding {@code +0.0} to a
 * sum that starts at {@code +0.0} leaves it bit for bit as it was, so the scores are exactly
 * those of {@code QNModel.eval}. The models loaded together keep their parameters in one table,
 * a feature's parameters for every model side by side: a window's features are read from a few
 * cache lines whichever of the models scores it (the safety detector scores four in a row, after
 * the injection detector scored the same windows), not from one table per model, each larger
 * than the processor's caches.
 */
public final class GuardClassifier {
  /** Tokens per window; training examples are about this long. */
  public static final int WINDOW = 48;
  /** Windows overlap by half, so a phrase cut by one window is whole in the next. */
  public static final int STRIDE = WINDOW / 2;
  /** The label of the positive class in every guard model. */
  public static final String POSITIVE = "yes";

  private final GuardVocabulary vocabulary;
  private final int positive;
  private final int outcomes;
  /**
   * The parameters of the models loaded together, shared by them: the parameter of feature f for
   * this model's outcome o at {@code f * stride + offset + o}; zero where the model has none.
   */
  private final double[] weights;
  private final int stride;
  private final int offset;

  private GuardClassifier(GuardVocabulary vocabulary, QNModel model, Map<String, Context> parameters, double[] weights,
      int stride, int offset) {
    this.vocabulary = vocabulary;
    this.positive = model.getIndex(POSITIVE);
    if (positive < 0) {
      throw new IllegalArgumentException("a guard model needs the outcome '" + POSITIVE + "'");
    }
    this.outcomes = model.getNumOutcomes();
    this.weights = weights;
    this.stride = stride;
    this.offset = offset;
    for (Map.Entry<String, Context> e : parameters.entrySet()) {
      int f = vocabulary.feature(e.getKey());
      if (f < 0) {
        continue; // a predicate GuardFeatures never makes can never fire
      }
      int[] o = e.getValue().getOutcomes();
      double[] p = e.getValue().getParameters();
      for (int j = 0; j < o.length; j++) {
        weights[f * stride + offset + o[j]] = p[j];
      }
    }
  }

  /**
   * Classifiers for models loaded together, sharing one {@link GuardVocabulary} so that
   * {@link #probabilities} can score them all on one text's {@link GuardVocabulary.Windows}.
   */
  public static List<GuardClassifier> of(List<MaxentModel> models) {
    List<QNModel> qn = new ArrayList<>();
    List<Map<String, Context>> parameters = new ArrayList<>();
    List<String> predicates = new ArrayList<>();
    for (MaxentModel m : models) {
      if (!(m instanceof QNModel q)) {
        throw new IllegalArgumentException("a guard model must be a quasi-Newton maxent model (MAXENT_QN); got "
            + m.getClass().getSimpleName());
      }
      @SuppressWarnings("unchecked")
      Map<String, Context> p = (Map<String, Context>) q.getDataStructures()[1];
      qn.add(q);
      parameters.add(p);
      predicates.addAll(p.keySet());
    }
    GuardVocabulary vocabulary = GuardVocabulary.of(predicates);
    int stride = 0;
    for (QNModel q : qn) {
      stride += q.getNumOutcomes();
    }
    double[] weights = new double[Math.multiplyExact(vocabulary.size(), stride)];
    List<GuardClassifier> out = new ArrayList<>();
    for (int i = 0, offset = 0; i < qn.size(); offset += qn.get(i).getNumOutcomes(), i++) {
      out.add(new GuardClassifier(vocabulary, qn.get(i), parameters.get(i), weights, stride, offset));
    }
    return List.copyOf(out);
  }

  /** Reads a serialized doccat model (with a vocabulary of its own). */
  public static GuardClassifier read(InputStream in) throws IOException {
    return of(List.of(new DoccatModel(in).getMaxentModel())).get(0);
  }

  /** The feature numbering this classifier reads windows in. */
  public GuardVocabulary vocabulary() {
    return vocabulary;
  }

  /** The probability (0..1, uncalibrated) that the most positive window of {@code tokens} is positive. */
  public double probability(String[] tokens) {
    return probabilities(List.of(this), vocabulary.windows(tokens))[0];
  }

  /**
   * The probability of each of {@code models} for a text given as its windows: that of its most
   * positive window. The models and the windows must share one vocabulary.
   *
   * <p>Each window's features are read once for all the models: the models of one vocabulary keep
   * their parameters side by side, so one pass adds a feature's parameters for every model
   * between the first and the last asked for (those between them that were not asked for too,
   * unread). Each model's sums get the same additions in the same order as
   * {@code QNModel.eval} would make them, so its probability is bit for bit the same.
   */
  public static double[] probabilities(List<GuardClassifier> models, GuardVocabulary.Windows text) {
    int count = models.size();
    double[] max = new double[count];
    if (count == 0) {
      return max;
    }
    GuardClassifier first = models.get(0);
    int from = Integer.MAX_VALUE;
    int to = 0;
    for (GuardClassifier m : models) {
      if (m.vocabulary != text.vocabulary()) {
        throw new IllegalArgumentException("windows made with another vocabulary than the model's");
      }
      // one vocabulary is made for the models loaded together, and they share one table
      if (m.weights != first.weights || m.stride != first.stride) {
        throw new IllegalStateException("models of one vocabulary with separate parameter tables");
      }
      from = Math.min(from, m.offset);
      to = Math.max(to, m.offset + m.outcomes);
    }
    double[] weights = first.weights;
    int stride = first.stride;
    int width = to - from;
    double[] sums = new double[width];
    double[][] scratch = new double[count][];
    for (int m = 0; m < count; m++) {
      scratch[m] = new double[models.get(m).outcomes];
    }
    for (int w = 0; w < text.size(); w++) {
      java.util.Arrays.fill(sums, 0);
      for (int f : text.window(w)) {
        int base = f * stride + from;
        for (int k = 0; k < width; k++) {
          sums[k] += weights[base + k];
        }
      }
      for (int m = 0; m < count; m++) {
        GuardClassifier model = models.get(m);
        double[] probs = scratch[m];
        System.arraycopy(sums, model.offset - from, probs, 0, model.outcomes);
        double logSum = ArrayMath.logSumOfExps(probs);
        max[m] = Math.max(max[m], StrictMath.exp(probs[model.positive] - logSum));
      }
    }
    return max;
  }

  static List<GuardClassifier> load(List<String> resources) {
    List<MaxentModel> models = new ArrayList<>();
    for (String resource : resources) {
      try (InputStream in = GuardClassifier.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("guard model missing from the classpath: " + resource
              + " (it is trained by the guard-models build)");
        }
        models.add(new DoccatModel(in).getMaxentModel());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read guard model " + resource, e);
      }
    }
    return of(models);
  }
}
