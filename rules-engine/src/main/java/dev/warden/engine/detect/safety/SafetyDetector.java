package dev.warden.engine.detect.safety;

import dev.warden.engine.detect.SafetyScorer;
import dev.warden.engine.detect.TextViews;
import dev.warden.engine.facts.Safety;
import dev.warden.models.guard.GuardClassifier;
import dev.warden.models.guard.GuardModels;
import dev.warden.models.guard.HeldOut;
import dev.warden.models.guard.Logistic;
import java.util.List;

/**
 * Content safety ({@code safety.hate}, {@code .violence}, {@code .self_harm}, {@code .sexual}),
 * for prompts and answers alike. Each category combines a weighted lexicon (negation, quotation
 * and educational or reporting context lower a match; technical senses such as "kill the
 * process" do not count) with an OpenNLP classifier trained on the project's corpus, through a
 * logistic combiner fitted on the corpus's held-out part when the detector is first loaded.
 * Immutable and thread-safe; one instance serves every request.
 */
public final class SafetyDetector implements SafetyScorer {
  static final int MAX_TOKENS = TextViews.MAX_TOKENS;
  private static final double L2 = 1.0;
  /** Evidence may only raise a score; an educational or reporting frame only lower it. */
  private static final int[] SIGNS = {1, 1, 1, -1};

  private final Lexicon lexicon;
  private final List<GuardClassifier> models;
  private final Logistic[] combiners;

  private SafetyDetector(Lexicon lexicon, List<GuardClassifier> models, Logistic[] combiners) {
    this.lexicon = lexicon;
    this.models = models;
    this.combiners = combiners;
  }

  /** The detector with the shipped lexicons and models, calibrated once per JVM. */
  public static SafetyDetector load() {
    return Shared.INSTANCE;
  }

  private static final class Shared {
    static final SafetyDetector INSTANCE = build();
  }

  private static SafetyDetector build() {
    Lexicon lexicon = Lexicon.load();
    List<GuardClassifier> models = GuardModels.SAFETY_CATEGORIES.stream().map(GuardModels::safety).toList();
    List<HeldOut.Safety> heldOut = GuardModels.safetyHeldOut();
    int cats = Lexicon.CATEGORIES.size();
    double[][][] x = new double[cats][heldOut.size()][];
    boolean[][] y = new boolean[cats][heldOut.size()];
    for (int i = 0; i < heldOut.size(); i++) {
      double[][] e = evidence(TextViews.of(heldOut.get(i).text()), lexicon, models);
      for (int c = 0; c < cats; c++) {
        x[c][i] = features(e, c);
        y[c][i] = heldOut.get(i).labels().contains(Lexicon.CATEGORIES.get(c));
      }
    }
    Logistic[] combiners = new Logistic[cats];
    for (int c = 0; c < cats; c++) {
      combiners[c] = Logistic.fit(x[c], y[c], L2, SIGNS);
    }
    return new SafetyDetector(lexicon, models, combiners);
  }

  /** {lexicon scores, classifier probabilities, context cues (0 or 1)}, each per category. */
  private static double[][] evidence(TextViews text, Lexicon lexicon, List<GuardClassifier> models) {
    double[][] lex = lexicon.evidence(Tokens.of(text.lower(), MAX_TOKENS));
    double[] clf = GuardClassifier.probabilities(models, text.windows(models.get(0).vocabulary()));
    return new double[][] {lex[0], clf, lex[1]};
  }

  /**
   * The features of category {@code c}: the lexicon's log-odds; the classifier's evidence for,
   * and against as far as the lexicon found nothing; whether the text is framed as education,
   * medicine, history or reporting.
   */
  private static double[] features(double[][] e, int c) {
    double lexicon = e[0][c];
    double k = Logistic.logit(e[1][c]);
    return new double[] {Logistic.logit(0.02 + 0.96 * lexicon), Math.max(0, k), Math.min(0, k) * (1 - lexicon), e[2][c]};
  }

  @Override
  public Safety score(TextViews text) {
    double[][] e = evidence(text, lexicon, models);
    double[] p = new double[combiners.length];
    for (int c = 0; c < p.length; c++) {
      p[c] = Math.round(combiners[c].predict(features(e, c)) * 10_000) / 10_000.0;
    }
    return new Safety(p[0], p[1], p[2], p[3]);
  }

  /** The combiners' weights, for reports. */
  String calibration() {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < combiners.length; c++) {
      double[] w = combiners[c].weights();
      sb.append(String.format("%s: lexicon=%.2f classifier_for=%.2f classifier_against=%.2f context=%.2f bias=%.2f; ",
          Lexicon.CATEGORIES.get(c), w[0], w[1], w[2], w[3], combiners[c].bias()));
    }
    return sb.toString().trim();
  }
}
