package dev.warden.ner;

import java.util.HashMap;
import java.util.Map;
import opennlp.tools.ml.ArrayMath;
import opennlp.tools.ml.maxent.quasinewton.QNModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.ml.model.MaxentModel;

/**
 * The span classifier evaluated through its parameters, with the arithmetic of
 * {@code QNModel.eval}: each feature's parameters are added per outcome in the order
 * {@link SpanFeatures} gives the features, then normalised with
 * {@code ArrayMath.logSumOfExps} and {@code StrictMath.exp}, so the probabilities are bit for
 * bit those of {@code model.eval(SpanFeatures.of(...))}. What differs is the lookup: a token's
 * features (its neighbours, shape, lexicon class...) recur in many candidate spans of a text,
 * and their parameters are looked up once per text and token rather than once per span, by
 * string. Immutable and thread-safe; {@link #forText} makes the per-text state.
 */
final class SpanScorer {
  /** The parameters of a feature the model does not know: nothing to add. */
  private static final Context UNKNOWN = new Context(new int[0], new double[0]);

  private final Map<String, Context> parameters;
  private final int outcomes;

  private SpanScorer(Map<String, Context> parameters, int outcomes) {
    this.parameters = parameters;
    this.outcomes = outcomes;
  }

  /** A scorer for {@code model}, or null when it is not a quasi-Newton maxent model (then use its {@code eval}). */
  static SpanScorer of(MaxentModel model) {
    if (!(model instanceof QNModel q)) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Context> p = (Map<String, Context>) q.getDataStructures()[1];
    // a HashMap: the same lookup as the model's own map, without its insertion order
    return new SpanScorer(new HashMap<>(p), q.getNumOutcomes());
  }

  /** The scoring state of one text: the parameters of its tokens' features, found on first use. */
  Text forText(Analysis a) {
    return new Text(a);
  }

  /** Scores the spans of one text. For one thread. */
  final class Text extends SpanFeatures.Sink {
    private final Analysis analysis;
    private final Context[][] cache = new Context[SpanFeatures.KINDS][];
    private double[] probs;

    private Text(Analysis analysis) {
      this.analysis = analysis;
    }

    /** The probability of each outcome for span [s, e), into {@code out} (overwritten). */
    void eval(int s, int e, double[] out) {
      if (out.length != outcomes) {
        throw new IllegalArgumentException("one probability per outcome");
      }
      java.util.Arrays.fill(out, 0);
      probs = out;
      SpanFeatures.emit(analysis, s, e, this);
      double logSum = ArrayMath.logSumOfExps(out);
      for (int o = 0; o < outcomes; o++) {
        out[o] = StrictMath.exp(out[o] - logSum);
      }
    }

    @Override
    void add(String feature) {
      add(parameters.getOrDefault(feature, UNKNOWN));
    }

    @Override
    void cached(Analysis a, int kind, String prefix, int k) {
      Context[] row = cache[kind];
      if (row == null) {
        row = new Context[a.tokens.size() + 4];
        cache[kind] = row;
      }
      Context c = row[k + 2];
      if (c == null) {
        c = parameters.getOrDefault(SpanFeatures.cached(a, kind, prefix, k), UNKNOWN);
        row[k + 2] = c;
      }
      add(c);
    }

    private void add(Context c) {
      int[] o = c.getOutcomes();
      double[] p = c.getParameters();
      for (int j = 0; j < o.length; j++) {
        probs[o[j]] += p[j];
      }
    }
  }
}
