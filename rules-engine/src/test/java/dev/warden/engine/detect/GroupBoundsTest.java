package dev.warden.engine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Where {@link GroupBounds} reads group 1 off a match, it is where RE2/J puts it: every match of
 * every pattern that has bounds, in random texts over the characters its boundaries look at
 * (case folds, surrogate pairs, joiners at the ends), found as {@link Finds} finds them.
 */
class GroupBoundsTest {
  private static final String ALPHABET = "0123456789 -.:+()/_@%\n\tabcfkszABCFKSZ\u212A\u017F\u00e9\uD83D\uDE00";

  @TestFactory
  Stream<DynamicTest> boundsAgreeWithRe2j() {
    List<DynamicTest> tests = new ArrayList<>();
    for (StructuredEntities.Spec s : StructuredEntities.SPECS) {
      List<GroupBounds> bounds = StructuredEntities.bounds(s);
      assertEquals(s.patterns().size(), bounds.size(), s.type());
      for (int i = 0; i < bounds.size(); i++) {
        Pattern p = Pattern.compile(s.patterns().get(i));
        GroupBounds b = bounds.get(i);
        tests.add(DynamicTest.dynamicTest(s.type() + " pattern " + i, () -> agree(p, b, b != GroupBounds.RE2J)));
      }
    }
    tests.add(DynamicTest.dynamicTest("PHONE candidate", () -> agree(
        Pattern.compile(phoneCandidate()), PhoneDetector.CANDIDATE_BOUNDS, true)));
    return tests.stream();
  }

  private static String phoneCandidate() {
    try {
      var f = PhoneDetector.class.getDeclaredField("CANDIDATE");
      f.setAccessible(true);
      return ((Pattern) f.get(null)).pattern();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void agree(Pattern p, GroupBounds bounds, boolean mustRead) {
    Random random = new Random(p.pattern().hashCode());
    String[] seeds = {"ann@example.org", "Kelvin.\u212A@ex.\u017Fk", "4111 1111 1111 1111", "536-22-8145", "536 22 8145",
        "DE89370400440532013000", "GB82 WEST 1234 5698 7654 32", "10.0.12.7", "fe80::1", "2001:db8::1",
        "+1 415 555 0132", "(415) 555-0132", "089 8384753", "4155550132"};
    int matches = 0;
    int read = 0;
    for (int n = 0; n < 20_000; n++) {
      StringBuilder b = new StringBuilder();
      int parts = 1 + random.nextInt(4);
      for (int k = 0; k < parts; k++) {
        int noise = random.nextInt(4);
        for (int i = 0; i < noise; i++) {
          b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        String seed = seeds[random.nextInt(seeds.length)];
        // mutate a character of the seed now and then
        if (random.nextInt(3) == 0) {
          int at = random.nextInt(seed.length());
          seed = seed.substring(0, at) + ALPHABET.charAt(random.nextInt(ALPHABET.length())) + seed.substring(at + 1);
        }
        b.append(seed);
      }
      String text = b.toString();
      Matcher m = p.matcher(text);
      int from = 0;
      while (from <= text.length() && m.find(from)) {
        matches++;
        long got = bounds.of(text, m.start(), m.end());
        if (got != GroupBounds.ASK) {
          read++;
          String where = p.pattern() + " in [" + text + "] at " + m.start() + ".." + m.end();
          assertEquals(m.start(1), (int) (got >>> 32), () -> "group start, " + where);
          assertEquals(m.end(1), (int) got, () -> "group end, " + where);
        }
        int end = m.start(1) >= 0 ? m.end(1) : m.end();
        from = Math.max(end, m.start() + 1);
      }
    }
    if (mustRead) {
      int r = read;
      int all = matches;
      assertTrue(all > 500 && r > all * 9 / 10, () -> "read " + r + " of " + all + " matches");
    }
  }
}
