package dev.warden.engine.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every occurrence of many short ASCII literals in one pass over a text, for detectors that
 * search windows around literal triggers (the secret formats: about 70 triggers). Searching
 * them one {@code indexOf} at a time read the text once per literal, the detector's largest
 * cost on a prompt that holds no secret at all; here each position is looked at once, through
 * a table of the literals' first two characters, and only positions whose pair begins some
 * literal are compared. Literals marked case-insensitive (written in lower case) are looked for
 * in the text's lower case, the others in the text itself.
 */
final class LiteralSet {
  private final String[] literals;
  private final boolean[] ignoreCase;
  /** Bit (first << 7 | second) is set when a case-sensitive (cs) or insensitive (ci) literal begins so. */
  private final long[] csPairs = new long[128 * 128 / 64];
  private final long[] ciPairs = new long[128 * 128 / 64];
  /** The literals beginning with each ASCII character, by id. */
  private final int[][] csByFirst = new int[128][];
  private final int[][] ciByFirst = new int[128][];

  private LiteralSet(List<String> literals, List<Boolean> ignoreCase) {
    this.literals = literals.toArray(String[]::new);
    this.ignoreCase = new boolean[this.literals.length];
    List<List<Integer>> cs = new ArrayList<>();
    List<List<Integer>> ci = new ArrayList<>();
    for (int c = 0; c < 128; c++) {
      cs.add(new ArrayList<>());
      ci.add(new ArrayList<>());
    }
    for (int id = 0; id < this.literals.length; id++) {
      String l = this.literals[id];
      boolean folded = ignoreCase.get(id);
      this.ignoreCase[id] = folded;
      if (l.length() < 2 || !ascii(l)) {
        throw new IllegalArgumentException("a literal trigger must be ASCII and at least 2 characters long: " + l);
      }
      int pair = l.charAt(0) << 7 | l.charAt(1);
      (folded ? ciPairs : csPairs)[pair >>> 6] |= 1L << pair;
      (folded ? ci : cs).get(l.charAt(0)).add(id);
    }
    for (int c = 0; c < 128; c++) {
      csByFirst[c] = cs.get(c).stream().mapToInt(Integer::intValue).toArray();
      ciByFirst[c] = ci.get(c).stream().mapToInt(Integer::intValue).toArray();
    }
  }

  private static boolean ascii(String s) {
    return s.chars().allMatch(c -> c < 128);
  }

  /** Builds a set; ids are given in the order literals are added. */
  static final class Builder {
    private final List<String> literals = new ArrayList<>();
    private final List<Boolean> ignoreCase = new ArrayList<>();

    /** Adds a literal (in lower case when {@code ignoreCase}) and returns its id. */
    int add(String literal, boolean ignoreCase) {
      literals.add(literal);
      this.ignoreCase.add(ignoreCase);
      return literals.size() - 1;
    }

    LiteralSet build() {
      return new LiteralSet(literals, ignoreCase);
    }
  }

  int length(int id) {
    return literals[id].length();
  }

  /** The occurrences found in one text, in the order of their start, as (start, id) pairs. */
  static final class Hits {
    private int[] at = new int[16];
    private int size;
    /** True when case folding changed the text's length: case-insensitive literals were not searched. */
    final boolean foldingChangedOffsets;

    private Hits(boolean foldingChangedOffsets) {
      this.foldingChangedOffsets = foldingChangedOffsets;
    }

    private void add(int start, int id) {
      if (size + 2 > at.length) {
        at = Arrays.copyOf(at, at.length * 2);
      }
      at[size++] = start;
      at[size++] = id;
    }

    int count() {
      return size / 2;
    }

    int start(int i) {
      return at[2 * i];
    }

    int id(int i) {
      return at[2 * i + 1];
    }
  }

  /**
   * Every occurrence of every literal in {@code text} (overlapping ones too), the case-insensitive
   * ones looked for in {@code lower}, the text in lower case. When {@code lower} is not as long
   * as the text (case folding of rare scripts changed offsets) the case-insensitive literals are
   * not searched and {@link Hits#foldingChangedOffsets} says so.
   */
  Hits find(String text, String lower) {
    boolean folded = lower.length() == text.length();
    Hits hits = new Hits(!folded);
    int n = text.length();
    for (int i = 0; i + 1 < n; i++) {
      startingAt(text, i, csPairs, csByFirst, hits);
      if (folded) {
        startingAt(lower, i, ciPairs, ciByFirst, hits);
      }
    }
    return hits;
  }

  /**
   * {@link #find(String, String)} on the memo's text. An ASCII text is searched in one pass that
   * folds case as it reads (for ASCII, {@link java.util.Locale#ROOT} lower case is A-Z to a-z and
   * nothing else), so the text's lower case is not made for it; any other text goes the general
   * way, since a non-ASCII character can fold to an ASCII one (the Kelvin sign to k) or change
   * the length.
   */
  Hits find(TextMemo memo) {
    String text = memo.text();
    Hits hits = findAscii(text);
    return hits != null ? hits : find(text, memo.lowerCase());
  }

  /** The hits of an ASCII text, folding case on the fly; null as soon as a character is not ASCII. */
  private Hits findAscii(String text) {
    int n = text.length();
    Hits hits = new Hits(false);
    if (n == 0) {
      return hits;
    }
    int c0 = text.charAt(0);
    if (c0 >= 128) {
      return null;
    }
    for (int i = 0; i + 1 < n; i++) {
      int c1 = text.charAt(i + 1);
      if (c1 >= 128) {
        return null;
      }
      startingAt(text, i, csPairs, csByFirst, hits);
      int l0 = lower(c0);
      int folded = l0 << 7 | lower(c1);
      if ((ciPairs[folded >>> 6] & 1L << folded) != 0) {
        for (int id : ciByFirst[l0]) {
          if (startsWithFolded(text, literals[id], i)) {
            hits.add(i, id);
          }
        }
      }
      c0 = c1;
    }
    return hits;
  }

  private static int lower(int c) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }

  /** Whether {@code text} at {@code i}, its ASCII capitals folded, begins with {@code literal} (lower case). */
  private static boolean startsWithFolded(String text, String literal, int i) {
    if (i + literal.length() > text.length()) {
      return false;
    }
    for (int k = 0; k < literal.length(); k++) {
      if (lower(text.charAt(i + k)) != literal.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Adds the literals of one group ({@code pairs}, {@code byFirst}) that begin at {@code i} of {@code haystack}. */
  private void startingAt(String haystack, int i, long[] pairs, int[][] byFirst, Hits hits) {
    char c0 = haystack.charAt(i);
    char c1 = haystack.charAt(i + 1);
    if (c0 < 128 && c1 < 128) {
      int pair = c0 << 7 | c1;
      if ((pairs[pair >>> 6] & 1L << pair) != 0) {
        for (int id : byFirst[c0]) {
          if (haystack.startsWith(literals[id], i)) {
            hits.add(i, id);
          }
        }
      }
    }
  }

  /**
   * The windows around the hits of the literals {@code ids} marks, from {@code before} characters
   * before each to {@code after} past its end, merged, in order; everything when some of them
   * ignore case and folding changed offsets.
   */
  void windows(Hits hits, boolean[] ids, int before, int after, int length, Anchors.Windows out) {
    if (hits.foldingChangedOffsets) {
      for (int id = 0; id < ids.length; id++) {
        if (ids[id] && ignoreCase[id]) {
          out.window(0, length);
          return;
        }
      }
    }
    Anchors.Merger m = new Anchors.Merger(length, out);
    for (int i = 0; i < hits.count(); i++) {
      int id = hits.id(i);
      if (id < ids.length && ids[id]) {
        int s = hits.start(i);
        m.window(Math.max(0, s - before), Math.min(length, s + literals[id].length() + after));
      }
    }
    m.flush();
  }
}
