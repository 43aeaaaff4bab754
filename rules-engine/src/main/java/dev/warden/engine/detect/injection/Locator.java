package dev.warden.engine.detect.injection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the terms of the signal rules occur in a text: ASCII words by a hash lookup per word,
 * other terms ("<|", "##", "/etc/passwd", "忽略") by one pass over the characters. A word is
 * looked up only if its hash is in a bit set of the words' hashes, so most words of a text cost
 * no substring; a character is compared only with the terms that start with it. The positions
 * are those of {@code String.indexOf} from the start: each term's occurrences left to right,
 * an occurrence starting only after the previous one of the same term ends. Immutable and
 * thread-safe.
 */
final class Locator {
  /** Receives each occurrence: which index the term is in, the rule it serves, and where. */
  interface Hit {
    void at(int index, int rule, int position);
  }

  /** Words longer than this are not looked up (no term is this long). */
  static final int MAX_WORD = 16;
  private static final int BITS = 1 << 16;

  private final Map<String, int[][]> wordRules;
  private final long[] wordHashes = new long[BITS / 64];
  private final String[] needles;
  private final int[] needleIndex;
  private final int[][] needleRules;
  /** Per ASCII character, the needles starting with it (null for none); the others are in {@link #otherFirst}. */
  private final int[][] asciiFirst = new int[128][];
  private final int[] otherFirst;

  /**
   * @param wordRules per word of any index, its rules in each index (null where none)
   * @param needles per index, its other terms
   * @param needleRules per index and term, the rules it serves
   */
  Locator(Map<String, int[][]> wordRules, List<List<String>> needles, List<List<int[]>> needleRules) {
    this.wordRules = wordRules;
    for (String w : wordRules.keySet()) {
      int bit = spread(w.hashCode());
      wordHashes[bit >>> 6] |= 1L << bit;
    }
    List<String> all = new ArrayList<>();
    List<Integer> index = new ArrayList<>();
    List<int[]> rules = new ArrayList<>();
    for (int x = 0; x < needles.size(); x++) {
      for (int k = 0; k < needles.get(x).size(); k++) {
        all.add(needles.get(x).get(k));
        index.add(x);
        rules.add(needleRules.get(x).get(k));
      }
    }
    this.needles = all.toArray(String[]::new);
    this.needleIndex = index.stream().mapToInt(Integer::intValue).toArray();
    this.needleRules = rules.toArray(int[][]::new);
    List<Integer> other = new ArrayList<>();
    List<List<Integer>> first = new ArrayList<>();
    for (int c = 0; c < 128; c++) {
      first.add(new ArrayList<>());
    }
    for (int k = 0; k < this.needles.length; k++) {
      char c = this.needles[k].charAt(0);
      if (c < 128) {
        first.get(c).add(k);
      } else {
        other.add(k);
      }
    }
    for (int c = 0; c < 128; c++) {
      if (!first.get(c).isEmpty()) {
        asciiFirst[c] = first.get(c).stream().mapToInt(Integer::intValue).toArray();
      }
    }
    this.otherFirst = other.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int spread(int h) {
    return (h ^ (h >>> 16)) & (BITS - 1);
  }

  /** Reports every occurrence in {@code view} of every term. */
  void locate(String view, Hit hit) {
    int n = view.length();
    int i = 0;
    while (i < n) {
      char c = view.charAt(i);
      if (c < 'a' || c > 'z') {
        i++;
        continue;
      }
      int h = c;
      int end = i + 1;
      while (end < n && view.charAt(end) >= 'a' && view.charAt(end) <= 'z') {
        h = 31 * h + view.charAt(end);
        end++;
      }
      int bit = spread(h);
      if (end - i <= MAX_WORD && (wordHashes[bit >>> 6] & (1L << bit)) != 0) {
        int[][] hits = wordRules.get(view.substring(i, end));
        if (hits != null) {
          for (int x = 0; x < hits.length; x++) {
            if (hits[x] != null) {
              for (int r : hits[x]) {
                hit.at(x, r, i);
              }
            }
          }
        }
      }
      i = end;
    }
    int[] next = new int[needles.length];
    for (int p = 0; p < n; p++) {
      char c = view.charAt(p);
      int[] starting = c < 128 ? asciiFirst[c] : otherFirst;
      if (starting == null) {
        continue;
      }
      for (int k : starting) {
        String needle = needles[k];
        if (p >= next[k] && needle.charAt(0) == c && view.startsWith(needle, p)) {
          next[k] = p + needle.length();
          for (int r : needleRules[k]) {
            hit.at(needleIndex[k], r, p);
          }
        }
      }
    }
  }
}
