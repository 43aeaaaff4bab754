package dev.warden.engine.detect.injection;

import dev.warden.engine.detect.InjectionScorer;
import dev.warden.engine.detect.TextViews;
import dev.warden.engine.facts.Injection;
import dev.warden.models.guard.GuardClassifier;
import dev.warden.models.guard.GuardModels;
import dev.warden.models.guard.HeldOut;
import dev.warden.models.guard.Logistic;
import java.util.List;

/**
 * Prompt-injection and jailbreak detection ({@code injection.score}, {@code injection.signals}).
 * The text is normalised first (Unicode tricks undone, leetspeak and spelled-out letters read,
 * base64 / hex / percent / rot13 blobs decoded and scanned too, within a fixed budget), then
 * scored by named heuristic signals and by an OpenNLP document classifier trained on the
 * project's corpus. A logistic combiner fitted on the corpus's held-out part turns both into one
 * calibrated probability, so 0.9 means about nine in ten such texts are attacks. Immutable and
 * thread-safe; one instance serves every request.
 */
public final class InjectionDetector implements InjectionScorer {
  /** A signal is reported (in {@code injection.signals}) from this strength on. */
  static final double REPORT = 0.5;
  private static final double L2 = 1.0;

  private final Signals signals;
  private final GuardClassifier classifier;
  private final Logistic combiner;

  private InjectionDetector(Signals signals, GuardClassifier classifier, Logistic combiner) {
    this.signals = signals;
    this.classifier = classifier;
    this.combiner = combiner;
  }

  /** The detector with the shipped model, calibrated once per JVM (about a second, on first use). */
  public static InjectionDetector load() {
    return Shared.INSTANCE;
  }

  private static final class Shared {
    static final InjectionDetector INSTANCE = build();
  }

  private static InjectionDetector build() {
    Signals signals = Rules.signals();
    GuardClassifier classifier = GuardModels.injection();
    List<HeldOut.Injection> heldOut = GuardModels.injectionHeldOut();
    double[][] x = new double[heldOut.size()][];
    boolean[] y = new boolean[heldOut.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = evidence(TextViews.of(heldOut.get(i).text()), signals, classifier).features();
      y[i] = heldOut.get(i).injection();
    }
    return new InjectionDetector(signals, classifier, Logistic.fit(x, y, L2, Evidence.SIGNS));
  }

  private static Evidence evidence(TextViews text, Signals signals, GuardClassifier classifier) {
    return Evidence.of(text, signals, classifier, new Blobs.Budget(), 0);
  }

  @Override
  public Injection score(TextViews text) {
    Evidence e = evidence(text, signals, classifier);
    double p = combiner.predict(e.features());
    return new Injection(Math.round(p * 10_000) / 10_000.0, e.names(REPORT));
  }

  /** The combiner's weights by feature name, for reports. */
  String calibration() {
    StringBuilder sb = new StringBuilder();
    double[] w = combiner.weights();
    for (int i = 0; i < w.length; i++) {
      sb.append(Evidence.FEATURES.get(i)).append('=').append(String.format("%.3f", w[i])).append(' ');
    }
    return sb.append("bias=").append(String.format("%.3f", combiner.bias())).toString();
  }
}
