package dev.warden.engine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a regex's matches must contain, as {@link RequiredLiterals} reads it, and the property the
 * gate rests on: on random texts, whenever RE2/J finds a match, the text holds one of the literals.
 */
class RequiredLiteralsTest {

  private static Optional<Set<String>> of(String re) {
    return RequiredLiterals.of(re);
  }

  @Test
  void readsTheLiteralsEveryMatchNeeds() {
    assertEquals(Optional.of(Set.of("mrn")), of("\\bMRN[-:# ]{0,2}\\d{6,10}\\b"));
    assertEquals(Optional.of(Set.of("medical record ")), of("\\bmedical record (?:number|no\\.?|#)[-:# ]{0,2}\\d{6,10}\\b"));
    assertEquals(Optional.of(Set.of("alpha", "beta")), of("(?:alpha|beta)-\\d+"));
    assertEquals(Optional.of(Set.of("emp-")), of("(?i)\\bEMP-\\d{5}\\b"));
    assertEquals(Optional.of(Set.of("xab")), of("xab+c"), "the run ends at a repeated character");
    assertEquals(Optional.of(Set.of("proj-")), of("[A-Z]{2}PROJ-(?P<id>\\d+)"));
    assertEquals(Optional.of(Set.of("a.b")), of("a\\.b"));
    assertEquals(Optional.of(Set.of("{x}")), of("\\{x\\}"));
    assertEquals(Optional.of(Set.of("apollo", "gemini")), of(DetectorSuite.termsPattern(List.of("Apollo", "Gemini")).pattern()));
  }

  @Test
  void claimsNothingItCannotProve() {
    assertEquals(Optional.empty(), of("\\d{6,10}"), "no literal");
    assertEquals(Optional.empty(), of("(?:ab|\\d+)"), "a branch without one");
    assertEquals(Optional.empty(), of("(?:abc)?\\d"), "optional");
    assertEquals(Optional.empty(), of("(?:abc)*x"), "optional");
    assertEquals(Optional.empty(), of("a|bc"), "a literal of one character");
    assertEquals(Optional.empty(), of("caf\\x{e9}"), "escapes it does not follow");
    assertEquals(Optional.empty(), of("café"), "not ASCII");
    assertEquals(Optional.empty(), of("(abc"), "unbalanced");
    assertEquals(Optional.empty(), of("abc)"), "unbalanced");
    assertEquals(Optional.empty(), of("(?=abc)"), "lookahead is not RE2");
    assertEquals(Optional.of(Set.of("ab")), of("ab(|c)"), "a group with an empty branch adds nothing");
  }

  @Test
  void theKelvinSignAndTheLongSAreNotGatedAway() {
    Set<String> sk = Set.of("sk");
    String text = "\u017F\u212A-1234";
    assertTrue(Pattern.compile("(?i)sk-\\d+").matcher(text).find(), "RE2 folds them onto s and k");
    assertTrue(RequiredLiterals.mayMatch(sk, text, text.toLowerCase(Locale.ROOT)));
    assertFalse(RequiredLiterals.mayMatch(sk, "nothing here", "nothing here"));
  }

  private static final String[] REGEXES = {
      "\\bMRN[-:# ]{0,2}\\d{6,10}\\b",
      "\\bmedical record (?:number|no\\.?|#)[-:# ]{0,2}\\d{6,10}\\b",
      "(?i)(?:alpha|beta)-\\d+",
      "(?:alpha|beta)-\\d+",
      "x?ab+c{1,2}d",
      "(?i)\\Qa.b\\E\\d",
      "(?:^|\\W)(emp|EMP)[-_]?\\d{3}(?:\\W|$)",
      "\\{id:\\d+\\}",
  };
  private static final String[] PIECES = {"MRN", "mrn", "Mrn", "medical record ", "number", "no", ".", "#", ":", " ",
      "-", "1234567", "12", "alpha", "ALPHA", "beta", "Beta", "x", "a", "b", "bb", "c", "d", "a.b", "AB", "emp", "EMP",
      "_", "{", "}", "id:", "\u212A", "\u017F", "é", "\n"};

  @Test
  void whereverAPatternMatchesTheTextHoldsOneOfItsLiterals() {
    Random random = new Random(5);
    int matched = 0;
    for (String re : REGEXES) {
      Optional<Set<String>> needed = RequiredLiterals.of(re);
      assertTrue(needed.isPresent(), re);
      Pattern p = Pattern.compile(re);
      Pattern folded = Pattern.compile(re, Pattern.CASE_INSENSITIVE);
      for (int t = 0; t < 20_000; t++) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
          sb.append(PIECES[random.nextInt(PIECES.length)]);
        }
        String text = sb.toString();
        String lower = text.toLowerCase(Locale.ROOT);
        for (Pattern q : List.of(p, folded)) {
          if (q.matcher(text).find()) {
            matched++;
            assertTrue(RequiredLiterals.mayMatch(needed.get(), text, lower), re + " matches \"" + text + "\"");
          }
        }
      }
    }
    assertTrue(matched > 200, "the texts match often enough to test something: " + matched);
  }
}
