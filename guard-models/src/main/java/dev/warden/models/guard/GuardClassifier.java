package dev.warden.models.guard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.ml.model.MaxentModel;

/**
 * One trained binary document classifier (an OpenNLP doccat model) applied the way it was
 * trained: on windows of {@link #WINDOW} tokens, as long texts are made of many short parts and
 * an attack or an unsafe passage is local. The probability of a text is that of its most
 * positive window. Immutable and thread-safe.
 */
public final class GuardClassifier {
  /** Tokens per window; training examples are about this long. */
  public static final int WINDOW = 48;
  /** Windows overlap by half, so a phrase cut by one window is whole in the next. */
  public static final int STRIDE = WINDOW / 2;
  /** The label of the positive class in every guard model. */
  public static final String POSITIVE = "yes";

  private final MaxentModel model;
  private final int positive;

  private GuardClassifier(MaxentModel model) {
    this.model = model;
    this.positive = model.getIndex(POSITIVE);
    if (positive < 0) {
      throw new IllegalArgumentException("a guard model needs the outcome '" + POSITIVE + "'");
    }
  }

  /** Reads a serialized doccat model. */
  public static GuardClassifier read(InputStream in) throws IOException {
    return new GuardClassifier(new DoccatModel(in).getMaxentModel());
  }

  /** The probability (0..1, uncalibrated) that the most positive window of {@code tokens} is positive. */
  public double probability(String[] tokens) {
    return probabilities(List.of(this), tokens)[0];
  }

  private double eval(String[] features) {
    return model.eval(features)[positive];
  }

  /**
   * The probability of each of {@code models} for the same tokens, as {@link #probability} would
   * give them, with the features of each window made once for all models.
   */
  public static double[] probabilities(List<GuardClassifier> models, String[] tokens) {
    return probabilities(models, windows(tokens));
  }

  /**
   * The distinct features of each window of {@code tokens}, in order: what every model reads of
   * the text, so texts read by several detectors need them made only once. There is always at
   * least one window (empty for no tokens).
   */
  public static List<String[]> windows(String[] tokens) {
    List<String[]> out = new ArrayList<>();
    int n = tokens.length;
    GuardFeatures.Windows features = new GuardFeatures.Windows(tokens);
    for (int from = 0; ; from += STRIDE) {
      int to = Math.min(n, from + WINDOW);
      out.add(features.features(from, to));
      if (to == n) {
        return out;
      }
    }
  }

  /** The probability of each of {@code models} for a text given as its {@link #windows}: that of its most positive window. */
  public static double[] probabilities(List<GuardClassifier> models, List<String[]> windows) {
    double[] max = new double[models.size()];
    for (String[] features : windows) {
      for (int m = 0; m < max.length; m++) {
        max[m] = Math.max(max[m], models.get(m).eval(features));
      }
    }
    return max;
  }

  static GuardClassifier load(String resource) {
    try (InputStream in = GuardClassifier.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("guard model missing from the classpath: " + resource
            + " (it is trained by the guard-models build)");
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read guard model " + resource, e);
    }
  }
}
