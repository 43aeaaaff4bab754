package dev.warden.ner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The spans the classifier is asked about, and the ones it never sees. */
class CandidatesTest {
  private static final NameFinder FINDER = NameFinder.load();

  private static Set<String> candidates(String s) {
    Tokens t = Tokenizer.tokenize(s);
    Analysis a = new Analysis(t, FINDER.gazetteer(), FINDER.lexicon(), FINDER.tagger(), FINDER.likeness());
    List<int[]> spans = Candidates.of(a);
    return spans.stream().map(sp -> s.substring(t.start(sp[0]), t.end(sp[1] - 1))).collect(Collectors.toSet());
  }

  @Test
  void runsJoinedByConnectorsAndTheirParts() {
    Set<String> c = candidates("She banks with Bank of America and St. Brigid's Hospital.");
    assertTrue(c.containsAll(Set.of("Bank of America", "Bank", "America", "St. Brigid's Hospital")), c.toString());
    assertFalse(c.contains("of America"));
  }

  @Test
  void closedClassWordsAndIdentifiersAreNotCandidates() {
    Set<String> c = candidates("The build v2.3.1 of AuthService.java failed. We fixed it.");
    assertFalse(c.contains("The"));
    assertFalse(c.contains("We"));
    assertFalse(c.contains("AuthService.java"));
  }

  @Test
  void lowerCaseNamesOnlyInLowerCaseText() {
    assertTrue(candidates("flying to vienna with maria tomorrow").containsAll(Set.of("vienna", "maria")));
    assertFalse(candidates("Call Anna on her mobile in Denver.").contains("mobile"));
  }

  @Test
  void aSentenceOpeningVerbDoesNotStartAName() {
    Set<String> c = candidates("Compare Northwind Mutual and Crescent Life.");
    assertTrue(c.contains("Northwind Mutual"), c.toString());
    assertFalse(c.contains("Compare Northwind Mutual"), c.toString());
  }
}
