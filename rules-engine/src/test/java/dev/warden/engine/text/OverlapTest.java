package dev.warden.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.dsl.text.Fold;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link Overlap#share} gives the values of its first, string-based version (kept here as
 * {@link #reference}: the texts split by a regex, 4-grams joined into strings in hash sets) on
 * chosen cases and on random system prompts and answers that share runs of words, drawn from
 * letters of several scripts, digits and other numbers, marks, ligatures and full-width forms
 * that NFKC folds, case pairs that fold apart, emoji, lone surrogates and every kind of space.
 */
class OverlapTest {
  private static final String[] ALPHABET = {
      "the", "The", "THE", "system", "prompt", "you", "are", "a", "helpful", "assistant", "secret", "42", "7",
      " ", " ", " ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u3000", ".", ",", "-", "'", "/", "_", "\"",
      "\u00e9", "e\u0301", "\u00df", "SS", "\u0130", "\u0131", "\u212a", "k", "\u03a3", "\u03c3", "\u03c2",
      "\ufb01", "fi", "\uff21", "A", "\u00b2", "\u2167", "\u0663", "\u00bd", "\u4e2d\u6587", "\u65e5\u672c",
      "\u0915\u093f", "\u05e9\u05dc\u05d5\u05dd", "\u043f\u0440\u0438", "\ud83d\ude00", "\ud800", "\udc00", "\u200b",
      "\ud835\udc00", "\ud801\udc00", "\u02b0", "\u01c5",
  };

  private static final String[] ASCII = Arrays.stream(ALPHABET).filter(p -> p.chars().allMatch(c -> c < 0x80))
      .toList().toArray(new String[0]);

  @Test
  void chosenCases() {
    for (String[] c : new String[][] {
        {"", "anything"}, {"   ", "x"}, {"a", ""}, {"a", "a"}, {"a b", "b"}, {"a a b", "a"}, {"one two three", "three two"},
        {"one two three four", "one two three four"}, {"one two three four", "one two three"},
        {"one two three four five", "zero one two three four six"},
        {"a b c d a b c d a b c d", "a b c d"}, {"You are a helpful customer-care assistant.",
            "Here is a short summary: you are a helpful customer care assistant, as said."},
        {"Ｈｅｌｌｏ ｗｏｒｌｄ ｆｉｎｅ ｄａｙ", "hello world fine day"},
        {"The KEY is here now", "the \u212aey is here now"}, {"I like it a lot", "\u0131 like it a lot"},
        {"Tab\tand\u001fcontrol chars here", "tab and control chars here"}, {"\u0130stanbul is a big city", "i\u0307stanbul is a big city"},
    }) {
      assertEquals(reference(c[0], c[1]), Overlap.share(c[0], c[1]), () -> Arrays.toString(c));
    }
  }

  @Test
  void randomTextsGiveTheValuesOfTheStringVersion() {
    Random random = new Random(20261207L);
    int partial = 0;
    for (int k = 0; k < 20_000; k++) {
      // each text of ASCII alone (read without folding) or not, so both ways meet each other
      String system = text(random, random.nextInt(random.nextBoolean() ? 8 : 60), random.nextBoolean());
      String answer = text(random, random.nextInt(40), random.nextBoolean());
      if (random.nextBoolean() && !system.isEmpty()) { // quote a run of the system prompt
        int from = random.nextInt(system.length());
        answer = answer + text(random, 1, false) + system.substring(from, from + random.nextInt(system.length() - from + 1))
            + text(random, 3, random.nextBoolean());
      }
      String s = system;
      String a = answer;
      double expected = reference(s, a);
      assertEquals(expected, Overlap.share(s, a), () -> List.of(s, a).toString());
      partial += expected > 0 && expected < 1 ? 1 : 0;
    }
    assertTrue(partial > 3_000, "answers that echo part of the system prompt were tried: " + partial);
  }

  private static String text(Random random, int parts, boolean ascii) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < parts; i++) {
      String[] alphabet = ascii ? ASCII : ALPHABET;
      b.append(alphabet[random.nextInt(alphabet.length)]);
      if (random.nextInt(3) > 0) {
        b.append(' ');
      }
    }
    return b.toString();
  }

  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  /** The first version of {@link Overlap#share}, the reference. */
  private static double reference(String system, String answer) {
    List<String> s = words(system);
    if (s.isEmpty()) {
      return 0;
    }
    List<String> a = words(answer);
    if (s.size() < 4) {
      Set<String> inAnswer = new HashSet<>(a);
      return s.stream().filter(inAnswer::contains).count() / (double) s.size();
    }
    Set<String> answerGrams = grams(a);
    Set<String> systemGrams = grams(s);
    long hit = systemGrams.stream().filter(answerGrams::contains).count();
    return hit / (double) systemGrams.size();
  }

  private static List<String> words(String text) {
    return Arrays.stream(NON_WORD.split(Fold.fold(text))).filter(w -> !w.isEmpty()).toList();
  }

  private static Set<String> grams(List<String> words) {
    Set<String> g = new HashSet<>();
    for (int i = 0; i + 4 <= words.size(); i++) {
      g.add(String.join(" ", words.subList(i, i + 4)));
    }
    return g;
  }
}
