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

  /** The prompt-injection / jailbreak classifier. */
  public static GuardClassifier injection() {
    return GuardClassifier.load(injectionModel());
  }

  /** The classifier of one of {@link #SAFETY_CATEGORIES}. */
  public static GuardClassifier safety(String category) {
    if (!SAFETY_CATEGORIES.contains(category)) {
      throw new IllegalArgumentException("unknown safety category: " + category);
    }
    return GuardClassifier.load(safetyModel(category));
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
