package dev.warden.models.guard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped classifiers on their held-out sets (templates and hand-written lines they were not
 * trained on, near-duplicates of training texts removed), at the raw threshold 0.5. Before the
 * safety corpus was widened and the models given stems, held-out recall was 0.44 (violence),
 * 0.29 (self-harm) and 0.38 (sexual). Violence is closest to its bound (a false-positive rate of
 * 0.048; most of its false positives are self-harm told with the verbs of violence, "I'm going to
 * crash my car on purpose tonight").
 */
class HeldOutQualityTest {
  private static double[] recallAndFpr(GuardClassifier model, List<String> texts, List<Boolean> positive) {
    int tp = 0;
    int fn = 0;
    int fp = 0;
    int tn = 0;
    for (int i = 0; i < texts.size(); i++) {
      boolean predicted = model.probability(GuardFeatures.tokens(texts.get(i), Integer.MAX_VALUE)) > 0.5;
      if (positive.get(i)) {
        tp += predicted ? 1 : 0;
        fn += predicted ? 0 : 1;
      } else {
        fp += predicted ? 1 : 0;
        tn += predicted ? 0 : 1;
      }
    }
    return new double[] {tp / (double) (tp + fn), fp / (double) (fp + tn)};
  }

  @Test
  void everySafetyCategoryFindsFourFifthsOfUnseenPhrasingsAtAFalsePositiveRateOfFivePercentAtMost() {
    List<HeldOut.Safety> heldOut = GuardModels.safetyHeldOut();
    List<String> texts = heldOut.stream().map(HeldOut.Safety::text).toList();
    for (String category : GuardModels.SAFETY_CATEGORIES) {
      List<Boolean> positive = heldOut.stream().map(h -> h.labels().contains(category)).toList();
      assertTrue(positive.stream().filter(p -> p).count() >= 60, category + ": too few held-out positives to measure");
      double[] r = recallAndFpr(GuardModels.safety(category), texts, positive);
      assertTrue(r[0] >= 0.8 && r[1] <= 0.05,
          category + ": held-out recall " + r[0] + " (want >= 0.8), false-positive rate " + r[1] + " (want <= 0.05)");
    }
  }

  @Test
  void theInjectionClassifierKeepsItsHeldOutRecall() {
    List<HeldOut.Injection> heldOut = GuardModels.injectionHeldOut().stream()
        .filter(h -> !h.category().contains("+")).toList(); // the corpus's own texts, not their encoded twins
    double[] r = recallAndFpr(GuardModels.injection(), heldOut.stream().map(HeldOut.Injection::text).toList(),
        heldOut.stream().map(HeldOut.Injection::injection).toList());
    assertTrue(r[0] >= 0.98 && r[1] <= 0.03, "injection held-out recall " + r[0] + ", false-positive rate " + r[1]);
  }
}
