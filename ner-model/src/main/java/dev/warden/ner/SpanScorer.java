package dev.warden.ner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import opennlp.tools.ml.ArrayMath;
import opennlp.tools.ml.maxent.quasinewton.QNModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.ml.model.MaxentModel;

/**
 * The span classifier evaluated through its parameters, with the arithmetic of
 * {@code QNModel.eval}: each feature's parameters are added per outcome in the order
 * {@link SpanFeatures} gives the features, then normalised with
 * {@code ArrayMath.logSumOfExps} and {@code StrictMath.exp}. What differs is where the
 * parameters are read from. They are copied once into one table, a feature's parameters for
 * every outcome side by side (zero where the model has none), so a feature costs one cache line
 * rather than a chain of objects; and a token's features (its neighbours, shape, lexicon
 * class...), which recur in many candidate spans of a text, are looked up once per text and
 * token rather than once per span, by their value (the token's word, shape...) in a table per
 * kind of feature, so that no feature string is made for them. Adding {@code +0.0} to a sum that starts at
 * {@code +0.0} leaves it bit for bit as it was, so the probabilities are exactly those of
 * {@code model.eval(SpanFeatures.of(...))}. Immutable and thread-safe; {@link #forText} makes
 * the per-text state.
 */
final class SpanScorer {
  /** The number of a feature the model does not know. */
  private static final int UNKNOWN = -1;

  private final Map<String, Integer> features;
  /**
   * Per kind of token feature that is a prefix and a value ({@link SpanFeatures#singleValued}),
   * the numbers of its features by value: looked up with the value a token has, no feature string made.
   */
  private final List<Map<String, Integer>> byValue;
  /** The parameter of feature f for outcome o at {@code f * outcomes + o}. */
  private final double[] weights;
  private final int outcomes;

  private SpanScorer(Map<String, Integer> features, double[] weights, int outcomes) {
    this.features = features;
    List<Map<String, Integer>> values = new ArrayList<>();
    for (int kind = 0; kind < SpanFeatures.KINDS; kind++) {
      Map<String, Integer> m = new HashMap<>();
      if (SpanFeatures.singleValued(kind)) {
        String prefix = SpanFeatures.PREFIXES[kind];
        features.forEach((name, f) -> {
          if (name.startsWith(prefix)) {
            m.put(name.substring(prefix.length()), f);
          }
        });
      }
      values.add(m);
    }
    this.byValue = List.copyOf(values);
    this.weights = weights;
    this.outcomes = outcomes;
  }

  /** A scorer for {@code model}, or null when it is not a quasi-Newton maxent model (then use its {@code eval}). */
  static SpanScorer of(MaxentModel model) {
    if (!(model instanceof QNModel q)) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Context> p = (Map<String, Context>) q.getDataStructures()[1];
    int outcomes = q.getNumOutcomes();
    Map<String, Integer> features = new HashMap<>();
    double[] weights = new double[Math.multiplyExact(p.size(), outcomes)];
    for (Map.Entry<String, Context> e : p.entrySet()) {
      int f = features.size();
      features.put(e.getKey(), f);
      int[] o = e.getValue().getOutcomes();
      double[] w = e.getValue().getParameters();
      for (int j = 0; j < o.length; j++) {
        weights[f * outcomes + o[j]] = w[j];
      }
    }
    return new SpanScorer(features, weights, outcomes);
  }

  /** The scoring state of one text: the numbers of its tokens' features, found on first use. */
  Text forText(Analysis a) {
    return new Text(a);
  }

  private int feature(String name) {
    Integer f = features.get(name);
    return f == null ? UNKNOWN : f;
  }

  /** The number of the feature of {@code kind} for token {@code k} of {@code a}. */
  private int feature(Analysis a, int kind, int k) {
    String value = SpanFeatures.singleValued(kind) ? SpanFeatures.value(a, kind, k) : null;
    if (value == null) {
      return feature(SpanFeatures.cached(a, kind, k));
    }
    Integer f = byValue.get(kind).get(value);
    return f == null ? UNKNOWN : f;
  }

  /** Scores the spans of one text. For one thread. */
  final class Text extends SpanFeatures.Sink {
    private final Analysis analysis;
    /** Per kind of token feature and token (+2), the feature's number plus two (1: unknown; 0: not looked up yet). */
    private final int[][] cache = new int[SpanFeatures.KINDS][];
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
      add(feature(feature));
    }

    @Override
    void cached(Analysis a, int kind, int k) {
      int[] row = cache[kind];
      if (row == null) {
        row = new int[a.tokens.size() + 4];
        cache[kind] = row;
      }
      int v = row[k + 2];
      if (v == 0) {
        v = feature(a, kind, k) + 2;
        row[k + 2] = v;
      }
      add(v - 2);
    }

    private void add(int f) {
      if (f == UNKNOWN) {
        return;
      }
      int base = f * outcomes;
      for (int o = 0; o < outcomes; o++) {
        probs[o] += weights[base + o];
      }
    }
  }
}
