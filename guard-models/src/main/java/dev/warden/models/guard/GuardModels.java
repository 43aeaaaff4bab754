package dev.warden.models.guard;

import java.util.List;

/**
 * The trained guard models this jar carries (written into it by the build) and the held-out
 * examples each was not trained on, for calibrating a detector's final score.
 */
public final class GuardModels {
  /** The content-safety categories, each with its own binary model. */
  public static final List<String> SAFETY_CATEGORIES = List.of("hate", "violence", "self_harm", "sexual");

  private GuardModels() {
  }

  /**
   * The shipped models, loaded once per JVM together, so that they share one
   * {@link GuardVocabulary}: the injection model, then one per {@link #SAFETY_CATEGORIES}.
   */
  private static final class Shipped {
    static final List<GuardClassifier> ALL = GuardClassifier.load(java.util.stream.Stream.concat(
        java.util.stream.Stream.of(injectionModel()), SAFETY_CATEGORIES.stream().map(GuardModels::safetyModel)).toList());
  }

  /** The prompt-injection / jailbreak classifier. */
  public static GuardClassifier injection() {
    return Shipped.ALL.get(0);
  }

  /** The classifier of one of {@link #SAFETY_CATEGORIES}. */
  public static GuardClassifier safety(String category) {
    if (!SAFETY_CATEGORIES.contains(category)) {
      throw new IllegalArgumentException("unknown safety category: " + category);
    }
    return Shipped.ALL.get(1 + SAFETY_CATEGORIES.indexOf(category));
  }

  /** Held-out injection examples (never trained on), for calibration. */
  public static List<HeldOut.Injection> injectionHeldOut() {
    return HeldOut.readInjection(HeldOut.INJECTION);
  }

  /** Held-out safety examples (never trained on), for calibration. */
  public static List<HeldOut.Safety> safetyHeldOut() {
    return HeldOut.readSafety(HeldOut.SAFETY);
  }

  /** The resource name of the injection model, relative to this package. */
  public static String injectionModel() {
    return "injection.bin";
  }

  /** The resource name of a safety model, relative to this package. */
  public static String safetyModel(String category) {
    return "safety-" + category + ".bin";
  }
}
