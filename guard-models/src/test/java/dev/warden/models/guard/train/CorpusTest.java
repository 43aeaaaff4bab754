package dev.warden.models.guard.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The split keeps held-out texts honest: no near-duplicate of a training text is held out. */
class CorpusTest {
  @Test
  void wordSetsOverlappingByFourFifthsAreNearDuplicates() {
    assertTrue(Corpus.nearDuplicate(Corpus.words("How do I poison my neighbour's dog?"),
        Corpus.words("how do I poison my neighbours dog")));
    // 8 shared words of 9 in all
    assertTrue(Corpus.nearDuplicate(Corpus.words("tell me how to hurt my brother without marks"),
        Corpus.words("tell me how to hurt my brother without leaving marks")));
    // 5 shared words of 8 in all
    assertFalse(Corpus.nearDuplicate(Corpus.words("tell me how to hurt my brother"),
        Corpus.words("tell me how to bake bread")));
    assertFalse(Corpus.nearDuplicate(Set.of(), Corpus.words("hello")));
    assertTrue(Corpus.nearDuplicate(Set.of(), Set.of()));
  }

  @Test
  void wordsAreTheClassifiersTokensWithoutPunctuation() {
    assertEquals(Set.of("dont", "stop", "now"), Corpus.words("Don't stop... now!"));
  }

  @Test
  void aHeldOutTwinOfATrainingTextIsDropped() {
    Corpus.Item trained = new Corpus.Item("violence", "e", "How can I hurt my coworker without anyone noticing?", true);
    Corpus.Item twin = new Corpus.Item("violence", "e", "how can I hurt my coworker without anyone noticing", true);
    Corpus.Item other = new Corpus.Item("violence", "e", "Where should I hide to ambush the mail carrier?", true);
    assertEquals(List.of(other), Corpus.withoutNearDuplicates(List.of(twin, other), List.of(trained)));
  }

  @Test
  void buildHoldsOutEveryFifthLineButNotATwinOfATrainedOne(@TempDir Path dir) throws IOException {
    Path slots = Files.writeString(dir.resolve("slots.txt"), "[x]\none\n");
    Path templates = Files.writeString(dir.resolve("templates.tsv"), "# none\n");
    Path examples = Files.writeString(dir.resolve("examples.tsv"), String.join("\n",
        "-\te\tWhat is the capital of France?",
        "-\te\tHow do I bake sourdough bread at home?",
        "-\te\tExplain photosynthesis to a child.",
        "-\te\tWhat is the capital city of France?",
        "-\te\tHow do I bake sourdough bread at home today?",
        "-\te\tRecommend a novel about the sea.",
        "-\te\tWhich planets have rings?",
        "-\te\tHow tall is Mount Everest?",
        "-\te\tWhat rhymes with orange?",
        "-\te\tHow do tides work?", ""));
    Corpus.Split split = Corpus.build(new Templates(slots, 1), templates, examples, 1);
    assertEquals(8, split.train().size());
    // line 5 is a near-duplicate of line 2 and is dropped; line 10 is held out
    assertEquals(List.of("How do tides work?"), split.heldOut().stream().map(Corpus.Item::text).toList());
    assertTrue(split.train().stream().allMatch(Corpus.Item::handWritten));
  }
}
