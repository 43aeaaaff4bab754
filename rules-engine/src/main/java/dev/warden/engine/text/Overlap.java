package dev.warden.engine.text;

import dev.warden.dsl.text.Fold;
import java.util.Arrays;

/**
 * {@code response.system_overlap}: the share of the system prompt's word 4-grams that appear in
 * the answer, after folding case, Unicode forms and whitespace, so reformatting does not hide
 * an echo and a few changed words only lower the share a little. A word is a run of letters and
 * numbers (Unicode categories L and N). With fewer than four words in the system prompt, the
 * share of its words that appear in the answer.
 *
 * <p>Computed on every answer, so the texts are not split into strings: a word is a span of the
 * folded text, a gram is known by a 64-bit hash of its words in a table of ints, and a gram whose
 * hash is found is compared word by word, so a collision never counts. A text of ASCII characters
 * alone is not folded: its words are those of its folded form read with A-Z as a-z (folding it
 * only collapses its whitespace, which separates words anyway, and lowers A-Z).
 */
public final class Overlap {
  private static final int N = 4;

  private Overlap() {}

  public static double share(String system, String answer) {
    Words s = Words.of(system);
    if (s.count == 0) {
      return 0;
    }
    Words a = Words.of(answer);
    if (s.count < N) {
      Grams inAnswer = new Grams(a, 1);
      int hit = 0;
      for (int i = 0; i < s.count; i++) {
        hit += inAnswer.contains(s, i) ? 1 : 0;
      }
      return hit / (double) s.count;
    }
    Grams answerGrams = new Grams(a, N);
    Grams systemGrams = new Grams(s, 0);
    int hit = 0;
    int distinct = 0;
    for (int i = 0; i + N <= s.count; i++) {
      if (systemGrams.addIfNew(i)) {
        distinct++;
        hit += answerGrams.contains(s, i) ? 1 : 0;
      }
    }
    return hit / (double) distinct;
  }

  /** The words of a folded text: where each starts and ends, and a hash of each. */
  private static final class Words {
    final String text;
    /** Whether {@link #text} is the text itself, all ASCII, to be read with A-Z as a-z; else folded. */
    final boolean ascii;
    int[] start;
    int[] end;
    long[] hash;
    int count;

    private Words(String text, boolean ascii, int capacity) {
      this.text = text;
      this.ascii = ascii;
      start = new int[capacity];
      end = new int[capacity];
      hash = new long[capacity];
    }

    static Words of(String original) {
      boolean ascii = isAscii(original);
      String text = ascii ? original : Fold.fold(original);
      Words w = new Words(text, ascii, text.length() / 6 + 4); // English words average under six characters with a space
      int from = -1;
      long h = 0;
      for (int i = 0; i < text.length(); ) {
        int cp = ascii ? lower(text.charAt(i)) : text.codePointAt(i);
        if (isWordChar(cp)) {
          if (from < 0) {
            from = i;
            h = 0xcbf29ce484222325L;
          }
          h = (h ^ cp) * 0x100000001b3L;
        } else if (from >= 0) {
          w.add(from, i, h);
          from = -1;
        }
        i += Character.charCount(cp);
      }
      if (from >= 0) {
        w.add(from, text.length(), h);
      }
      return w;
    }

    private void add(int from, int to, long h) {
      if (count == start.length) {
        start = Arrays.copyOf(start, count * 2);
        end = Arrays.copyOf(end, count * 2);
        hash = Arrays.copyOf(hash, count * 2);
      }
      start[count] = from;
      end[count] = to;
      hash[count] = h;
      count++;
    }

    /** Whether word {@code i} here is word {@code j} of {@code other}. */
    boolean same(int i, Words other, int j) {
      int length = end[i] - start[i];
      if (hash[i] != other.hash[j] || other.end[j] - other.start[j] != length) {
        return false;
      }
      if (!ascii && !other.ascii) {
        return text.regionMatches(start[i], other.text, other.start[j], length);
      }
      for (int k = 0; k < length; k++) {
        if (charAt(start[i] + k) != other.charAt(other.start[j] + k)) {
          return false;
        }
      }
      return true;
    }

    private char charAt(int i) {
      return ascii ? lower(text.charAt(i)) : text.charAt(i);
    }

    private static char lower(char c) {
      return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static boolean isAscii(String s) {
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) >= 0x80) {
          return false;
        }
      }
      return true;
    }

    /** The hash of the {@code n} words from word {@code i}. */
    long gramHash(int i, int n) {
      long h = 0;
      for (int k = i; k < i + n; k++) {
        h = (h + hash[k]) * 0x9E3779B97F4A7C15L;
      }
      return h ^ h >>> 32;
    }

    /** {@code [\p{L}\p{N}]} of java.util.regex: letters and numbers of every kind. */
    private static boolean isWordChar(int cp) {
      if (cp < 0x80) {
        return cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z' || cp >= '0' && cp <= '9';
      }
      return switch (Character.getType(cp)) {
        case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
            Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
            Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
        default -> false;
      };
    }
  }

  /**
   * The grams of {@code n} words of one text (those from each word, or, with {@code n} 0, those
   * added), in an open-addressed table of their first words keyed by the gram's hash.
   */
  private static final class Grams {
    private final Words words;
    private final int n;
    private final int[] first;
    private final int mask;

    Grams(Words words, int n) {
      this.words = words;
      this.n = n == 0 ? N : n;
      int size = Integer.highestOneBit(Math.max(1, words.count) * 2 - 1) << 1;
      first = new int[size];
      Arrays.fill(first, -1);
      mask = size - 1;
      if (n > 0) {
        for (int i = 0; i + n <= words.count; i++) {
          insert(i);
        }
      }
    }

    /** Whether the gram from word {@code i} of {@code other} is here. */
    boolean contains(Words other, int i) {
      for (int slot = (int) other.gramHash(i, n) & mask; first[slot] >= 0; slot = (slot + 1) & mask) {
        if (sameGram(first[slot], other, i)) {
          return true;
        }
      }
      return false;
    }

    /** Adds the gram from word {@code i} unless an equal one is here; whether it was added. */
    boolean addIfNew(int i) {
      if (contains(words, i)) {
        return false;
      }
      insert(i);
      return true;
    }

    private void insert(int i) {
      int slot = (int) words.gramHash(i, n) & mask;
      while (first[slot] >= 0) {
        slot = (slot + 1) & mask;
      }
      first[slot] = i;
    }

    private boolean sameGram(int mine, Words other, int theirs) {
      for (int k = 0; k < n; k++) {
        if (!words.same(mine + k, other, theirs + k)) {
          return false;
        }
      }
      return true;
    }
  }
}
