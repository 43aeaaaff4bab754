package dev.warden.engine.detect.injection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The locator reports the same occurrences as the plain way it replaces: a map lookup per
 * ASCII word of at most 16 letters, and {@code String.indexOf} from the start for every other
 * term (each occurrence after the previous one of that term ends), on random texts made of the
 * terms, their overlaps ("====", "<|<|"), near-misses and other scripts.
 */
class LocatorTest {
  private static final Map<String, int[][]> WORDS = Map.of(
      "ignore", new int[][] {{0, 3}, null, null},
      "instructions", new int[][] {null, {1}, {2}},
      "a", new int[][] {{4}, null, null},
      "abcdefghijklmnop", new int[][] {{5}, null, null},
      "abcdefghijklmnopq", new int[][] {{6}, null, null});
  private static final List<List<String>> NEEDLES = List.of(
      List.of("==", "===", "<|", "|", "忽略", "\n", "</s>"),
      List.of(":", "==", "игнор"),
      List.of(":"));
  private static final List<List<int[]>> NEEDLE_RULES = List.of(
      List.of(new int[] {7}, new int[] {8}, new int[] {9, 10}, new int[] {11}, new int[] {12}, new int[] {13},
          new int[] {14}),
      List.of(new int[] {15}, new int[] {16}, new int[] {17}),
      List.of(new int[] {18}));
  private static final String[] PIECES = {"ignore", "ignored", "instructions", " ", "a", "ab", "=", "==", "<", "|",
      "<|", "忽略", "忽", "игнор", "\n", ":", "</s", ">", "Ignore", "abcdefghijklmnop", "abcdefghijklmnopq", "x", "é"};

  private static List<String> naive(String view) {
    List<String> out = new ArrayList<>();
    int n = view.length();
    int i = 0;
    while (i < n) {
      char c = view.charAt(i);
      if (c < 'a' || c > 'z') {
        i++;
        continue;
      }
      int end = i + 1;
      while (end < n && view.charAt(end) >= 'a' && view.charAt(end) <= 'z') {
        end++;
      }
      int[][] hits = end - i <= Locator.MAX_WORD ? WORDS.get(view.substring(i, end)) : null;
      if (hits != null) {
        for (int x = 0; x < hits.length; x++) {
          if (hits[x] != null) {
            for (int r : hits[x]) {
              out.add(x + "/" + r + "@" + i);
            }
          }
        }
      }
      i = end;
    }
    for (int x = 0; x < NEEDLES.size(); x++) {
      for (int k = 0; k < NEEDLES.get(x).size(); k++) {
        String needle = NEEDLES.get(x).get(k);
        for (int at = view.indexOf(needle); at >= 0; at = view.indexOf(needle, at + needle.length())) {
          for (int r : NEEDLE_RULES.get(x).get(k)) {
            out.add(x + "/" + r + "@" + at);
          }
        }
      }
    }
    out.sort(null);
    return out;
  }

  @Test
  void sameOccurrencesAsALookupPerWordAndIndexOfPerTerm() {
    Locator locator = new Locator(WORDS, NEEDLES, NEEDLE_RULES);
    Random random = new Random(42);
    for (int t = 0; t < 3000; t++) {
      StringBuilder sb = new StringBuilder();
      int pieces = random.nextInt(40);
      for (int p = 0; p < pieces; p++) {
        sb.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String view = sb.toString();
      List<String> got = new ArrayList<>();
      locator.locate(view, (x, r, at) -> got.add(x + "/" + r + "@" + at));
      got.sort(null);
      assertEquals(naive(view), got, view);
    }
  }
}
