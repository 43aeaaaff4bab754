package dev.warden.models.guard.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** How the safety trainer weighs its examples. */
class TrainAllTest {
  private static final Corpus.Item TEMPLATE = new Corpus.Item("violence", "t", "from a template", false);
  private static final Corpus.Item HAND = new Corpus.Item("violence", "e", "hand-written", true);
  private static final Corpus.Item SAFE = new Corpus.Item("-", "e", "safe", true);
  private static final Predicate<Corpus.Item> VIOLENCE = i -> TrainAll.labels(i).contains("violence");

  @Test
  void aHandWrittenLineCountsAsManyTimesAsTheExampleWeight() {
    List<String> texts = TrainAll.weighted(List.of(TEMPLATE, HAND, SAFE), VIOLENCE, 2);
    assertEquals(2, Collections.frequency(texts, "from a template"));
    assertEquals(2 * TrainAll.EXAMPLE_WEIGHT, Collections.frequency(texts, "hand-written"));
    assertEquals(0, Collections.frequency(texts, "safe"));
  }

  @Test
  void positivesAreRepeatedToBalanceTheNegatives() {
    int positives = 1 + TrainAll.EXAMPLE_WEIGHT; // TEMPLATE and HAND, weighted
    int negatives = 6 * positives;
    assertEquals((int) Math.round(TrainAll.POSITIVE_SHARE * 6),
        TrainAll.positiveWeight(List.of(TEMPLATE, HAND, SAFE), VIOLENCE, negatives));
    assertEquals(1, TrainAll.positiveWeight(List.of(TEMPLATE, HAND), VIOLENCE, 1));
  }

  @Test
  void badWeightsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> TrainAll.weighted(List.of(HAND), VIOLENCE, 0));
    assertThrows(IllegalArgumentException.class, () -> TrainAll.positiveWeight(List.of(SAFE), VIOLENCE, 10));
    assertThrows(IllegalArgumentException.class, () -> new Doccat.Settings(0, 1, dev.warden.models.guard.GuardFeatures.Kind.WORDS));
    assertThrows(IllegalArgumentException.class, () -> new Doccat.Settings(1, -1, dev.warden.models.guard.GuardFeatures.Kind.WORDS));
  }
}
