package dev.warden.models.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stems: one feature for the forms of a word, made for training only where a model's kind asks. */
class GuardFeaturesTest {
  private static List<String> features(GuardFeatures f, String text) {
    return List.copyOf(f.extractFeatures(GuardFeatures.tokens(text, 1000), Map.of()));
  }

  @Test
  void aWordOfFiveLettersOrMoreHasItsFirstFiveAsAStem() {
    assertEquals("poiso", GuardFeatures.stem("poisoned"));
    assertEquals("poiso", GuardFeatures.stem("poisoning"));
    assertEquals("knife", GuardFeatures.stem("knife"));
    assertNull(GuardFeatures.stem("kill"));
    assertNull(GuardFeatures.stem("12345"));
  }

  @Test
  void perTokenTheUnigramThenTheStemThenTheBigram() {
    assertEquals(List.of("w=poisoned", "p=poiso", "b=poisoned_the", "w=the", "b=the_dog", "w=dog"),
        List.of(GuardFeatures.features(GuardFeatures.tokens("Poisoned the dog", 100), 0, 3)));
  }

  @Test
  void eachKindOfTrainingMakesItsOwnFeatures() {
    assertEquals(List.of("w=poisoning", "b=poisoning_him", "w=him"),
        features(GuardFeatures.forTraining(GuardFeatures.Kind.WORDS), "poisoning him"));
    assertEquals(List.of("w=poisoning", "p=poiso", "b=poisoning_him", "w=him"),
        features(GuardFeatures.forTraining(GuardFeatures.Kind.WITH_STEMS), "poisoning him"));
    assertEquals(features(new GuardFeatures(), "poisoning him"),
        features(GuardFeatures.forTraining(GuardFeatures.Kind.WITH_STEMS), "poisoning him"));
  }

  @Test
  void theVocabularyFindsAStemOfAWordNoPredicateNames() {
    GuardVocabulary v = GuardVocabulary.of(List.of("w=poisoned", "p=poiso", "b=poisoned_him"));
    // "poisoning" is not a known token, but its stem is
    GuardVocabulary.Windows w = v.windows(GuardFeatures.tokens("poisoning him, poisoned him", 100));
    assertEquals(List.of(v.feature("p=poiso"), v.feature("w=poisoned"), v.feature("b=poisoned_him")),
        java.util.Arrays.stream(w.window(0)).boxed().toList());
  }
}
