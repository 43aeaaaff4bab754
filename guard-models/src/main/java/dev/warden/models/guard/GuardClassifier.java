package dev.warden.models.guard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
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
 */
public final class GuardClassifier {
  /** Tokens per window; training examples are about this long. */
  public static final int WINDOW = 48;
  /** Windows overlap by half, so a phrase cut by one window is whole in the next. */
  public static final int STRIDE = WINDOW / 2;
  /** The label of the positive class in every guard model. */
  public static final String POSITIVE = "yes";

  private final int positive;
  /**
   * The model's parameters by feature: guard models are OpenNLP quasi-Newton maxent models (the
   * trainer makes no other kind), so windows are scored from numbered features, each looked up
   * once per text, with the very arithmetic of {@code QNModel.eval}.
   */
  private final Map<String, Context> parameters;
  private final int outcomes;

  @SuppressWarnings("unchecked")
  private GuardClassifier(MaxentModel model) {
    if (!(model instanceof QNModel qn)) {
      throw new IllegalArgumentException("a guard model must be a quasi-Newton maxent model (MAXENT_QN); got "
          + model.getClass().getSimpleName());
    }
    this.positive = model.getIndex(POSITIVE);
    if (positive < 0) {
      throw new IllegalArgumentException("a guard model needs the outcome '" + POSITIVE + "'");
    }
    this.outcomes = model.getNumOutcomes();
    this.parameters = (Map<String, Context>) qn.getDataStructures()[1];
  }

  /** Reads a serialized doccat model. */
  public static GuardClassifier read(InputStream in) throws IOException {
    return new GuardClassifier(new DoccatModel(in).getMaxentModel());
  }

  /** The probability (0..1, uncalibrated) that the most positive window of {@code tokens} is positive. */
  public double probability(String[] tokens) {
    return probabilities(List.of(this), tokens)[0];
  }

  /** The positive probability of one window, as {@code QNModel.eval} computes it. */
  private double eval(Windows text, int[] window) {
    Context[] byId = text.parameters(this);
    double[] probs = new double[outcomes];
    for (int id : window) {
      Context c = byId[id];
      if (c != null) {
        double[] p = c.getParameters();
        int[] o = c.getOutcomes();
        for (int j = 0; j < o.length; j++) {
          probs[o[j]] += 1.0 * p[j];
        }
      }
    }
    double logSum = ArrayMath.logSumOfExps(probs);
    return StrictMath.exp(probs[positive] - logSum);
  }

  /**
   * The probability of each of {@code models} for the same tokens, as {@link #probability} would
   * give them, with the features of each window made once for all models.
   */
  public static double[] probabilities(List<GuardClassifier> models, String[] tokens) {
    return probabilities(models, windows(tokens));
  }

  /**
   * What the models read of one text: its distinct features, numbered, and each window as the
   * numbers of its features in order; each model's parameters for them are looked up once, on
   * first use. Made once per text, so texts read by several detectors need it only once. For one
   * text and one thread at a time.
   */
  public static final class Windows {
    private final List<String> names;
    private final List<int[]> windows;
    private final Map<GuardClassifier, Context[]> resolved = new IdentityHashMap<>(8);

    private Windows(List<String> names, List<int[]> windows) {
      this.names = names;
      this.windows = windows;
    }

    /** How many windows the text has (at least one). */
    public int size() {
      return windows.size();
    }

    private Context[] parameters(GuardClassifier model) {
      Context[] byId = resolved.get(model);
      if (byId == null) {
        byId = new Context[names.size()];
        for (int i = 0; i < byId.length; i++) {
          byId[i] = model.parameters.get(names.get(i));
        }
        resolved.put(model, byId);
      }
      return byId;
    }
  }

  /**
   * The windows of {@code tokens}: {@link #WINDOW} tokens each, every {@link #STRIDE}; always at
   * least one (empty for no tokens).
   */
  public static Windows windows(String[] tokens) {
    List<int[]> out = new ArrayList<>();
    int n = tokens.length;
    GuardFeatures.Windows features = new GuardFeatures.Windows(tokens);
    for (int from = 0; ; from += STRIDE) {
      int to = Math.min(n, from + WINDOW);
      out.add(features.ids(from, to));
      if (to == n) {
        return new Windows(features.names(), out);
      }
    }
  }

  /** The probability of each of {@code models} for a text given as its {@link #windows}: that of its most positive window. */
  public static double[] probabilities(List<GuardClassifier> models, Windows text) {
    double[] max = new double[models.size()];
    for (int[] window : text.windows) {
      for (int m = 0; m < max.length; m++) {
        max[m] = Math.max(max[m], models.get(m).eval(text, window));
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
