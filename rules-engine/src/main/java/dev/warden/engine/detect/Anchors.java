package dev.warden.engine.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where in a text a pattern can possibly match, found in one cheap pass, so that patterns run
 * only in small windows around those places: RE2/J has no DFA, and running a pattern over
 * every position of a long prompt is what costs. Every window is bounded by the longest match
 * it can hold, and the pass that finds them is linear, so detection stays linear in the text
 * whatever its shape.
 */
@FunctionalInterface
public interface Anchors {

  /** Receives windows [start, end) of the text to search, in order, not overlapping. */
  interface Windows {
    void window(int start, int end);
  }

  void windows(String text, Windows out);

  /**
   * The windows of the memo's text, through what the memo already knows of it (see
   * {@link #shared}, and the lower case for case-insensitive literals).
   */
  default void windows(TextMemo memo, Windows out) {
    windows(memo.text(), out);
  }

  /**
   * These anchors, their windows computed once per {@link TextMemo} and replayed to every
   * pattern that searches them (and to those searching a {@link #withAtLeast} of them).
   */
  default Anchors shared() {
    Anchors base = this;
    return new Anchors() {
      @Override
      public void windows(String text, Windows out) {
        base.windows(text, out);
      }

      @Override
      public void windows(TextMemo memo, Windows out) {
        int[] w = memo.windows(this);
        for (int i = 0; i < w.length; i += 2) {
          out.window(w[i], w[i + 1]);
        }
      }
    };
  }

  /**
   * These windows without those holding fewer than {@code count} of the characters of
   * {@code chars} (a class as in {@link CharClass#of}): a pattern whose every match needs that
   * many (a card number 13 digits, an IPv4 address three dots) can match in none of them, and
   * the count costs far less than the search.
   */
  default Anchors withAtLeast(int count, String chars) {
    CharClass needed = CharClass.of(chars);
    return where((text, start, end) -> needed.count(text, start, end, count) >= count);
  }

  /**
   * A cheap necessary condition for a pattern to match in a window {@code text[start, end)}, read
   * as the pattern reads the window (its {@code ^} is at {@code start}): a window that fails it
   * cannot hold a match and is not searched (see {@link WindowChecks}).
   */
  @FunctionalInterface
  interface Check {
    boolean passes(String text, int start, int end);
  }

  /**
   * These windows without those failing {@code check}: an RE2/J search costs a fixed price per
   * call and per character, and a window that cannot hold a match costs both for nothing.
   */
  default Anchors where(Check check) {
    Anchors base = this;
    return new Anchors() {
      @Override
      public void windows(String text, Windows out) {
        base.windows(text, filter(text, out));
      }

      @Override
      public void windows(TextMemo memo, Windows out) {
        base.windows(memo, filter(memo.text(), out));
      }

      private Windows filter(String text, Windows out) {
        return (start, end) -> {
          if (check.passes(text, start, end)) {
            out.window(start, end);
          }
        };
      }
    };
  }

  /** Characters added on both sides of a run or an address: the boundary a pattern looks at (at most two). */
  int PAD = 2;

  /** The whole text (pack-defined patterns). */
  Anchors EVERYWHERE = (text, out) -> out.window(0, text.length());

  /**
   * Runs of {@code core} characters joined by at most {@code maxJoin} consecutive
   * {@code joiners} (digits joined by spaces, dots, dashes, slashes, parentheses and plus
   * signs: every number-like thing), each widened by {@link #PAD} characters on both sides for
   * the pattern's boundary and by {@code extraLeft} more on the left (for words before a number,
   * such as a month name). A run longer than {@code maxRun} is searched in pieces that overlap
   * by {@code maxMatch}, the longest match the pattern can make.
   */
  static Anchors runs(String core, String joiners, int maxJoin, int maxRun, int maxMatch, int extraLeft) {
    CharClass coreClass = CharClass.of(core);
    CharClass joinClass = CharClass.of(joiners);
    int stride = Math.max(1, maxRun - maxMatch);
    return (text, out) -> {
      Merger m = new Merger(text.length(), out);
      int n = text.length();
      int i = 0;
      while (i < n) {
        if (!coreClass.has(text.charAt(i))) {
          i++;
          continue;
        }
        int start = i;
        int end = i + 1;
        int j = end;
        while (j < n) {
          int k = j;
          while (k < n && k - j < maxJoin && joinClass.has(text.charAt(k)) && !coreClass.has(text.charAt(k))) {
            k++;
          }
          if (k < n && coreClass.has(text.charAt(k))) {
            while (k < n && coreClass.has(text.charAt(k))) {
              k++;
            }
            end = k;
            j = k;
          } else {
            break;
          }
        }
        // leading joiners such as "+" and "(" belong to the run too, and so may words before it
        int s = start;
        while (s > 0 && start - s < maxJoin && joinClass.has(text.charAt(s - 1))) {
          s--;
        }
        s = Math.max(0, s - extraLeft);
        int e = end;
        while (e < n && e - end < maxJoin && joinClass.has(text.charAt(e)) && text.charAt(e) != ' ') {
          e++;
        }
        for (int from = s; ; from += stride) {
          m.window(Math.max(0, from - PAD), Math.min(n, Math.min(e, from + maxRun) + PAD));
          if (from + maxRun >= e) {
            break;
          }
        }
        i = end;
      }
      m.flush();
    };
  }

  /**
   * Each occurrence of {@code at}, widened left over at most {@code maxLeft} characters of
   * {@code left} and right over at most {@code maxRight} of {@code right}: an e-mail address
   * around its {@code @}, an IPv6 address around its colons.
   */
  static Anchors around(char at, String left, int maxLeft, String right, int maxRight) {
    CharClass leftClass = CharClass.of(left);
    CharClass rightClass = CharClass.of(right);
    return (text, out) -> {
      Merger m = new Merger(text.length(), out);
      int n = text.length();
      for (int i = text.indexOf(at); i >= 0; i = text.indexOf(at, i + 1)) {
        int s = i;
        while (s > 0 && i - s < maxLeft && leftClass.has(text.charAt(s - 1))) {
          s--;
        }
        int e = i + 1;
        while (e < n && e - i < maxRight && rightClass.has(text.charAt(e))) {
          e++;
        }
        m.window(Math.max(0, s - PAD), Math.min(n, e + PAD));
      }
      m.flush();
    };
  }

  /** Occurrences of literal strings (written in lower case when {@code ignoreCase}), widened by {@code margin}. */
  static Anchors literals(boolean ignoreCase, int margin, String... literals) {
    return new Anchors() {
      @Override
      public void windows(String text, Windows out) {
        literalWindows(text, ignoreCase ? text.toLowerCase(Locale.ROOT) : text, margin, literals, out);
      }

      @Override
      public void windows(TextMemo memo, Windows out) {
        literalWindows(memo.text(), ignoreCase ? memo.lowerCase() : memo.text(), margin, literals, out);
      }
    };
  }

  /**
   * The windows of {@link #literals(boolean, int, String...)}, given the text to look in: the
   * text itself, or its lower case (made once for every pattern of a detector).
   */
  static void literalWindows(String text, String haystack, int margin, String[] literals, Windows out) {
    if (haystack.length() != text.length()) {
      out.window(0, text.length()); // case folding changed offsets (rare scripts): search everything
      return;
    }
    List<int[]> hits = new ArrayList<>();
    for (String literal : literals) {
      for (int i = haystack.indexOf(literal); i >= 0; i = haystack.indexOf(literal, i + 1)) {
        hits.add(new int[] {i, i + literal.length()});
      }
    }
    hits.sort((a, b) -> Integer.compare(a[0], b[0]));
    Merger m = new Merger(text.length(), out);
    for (int[] h : hits) {
      m.window(Math.max(0, h[0] - margin), Math.min(text.length(), h[1] + margin));
    }
    m.flush();
  }

  /** An ASCII character class written as in a regex, with ranges: "a-zA-Z0-9._%+-". */
  final class CharClass {
    private final boolean[] members = new boolean[128];

    static CharClass of(String spec) {
      CharClass c = new CharClass();
      for (int i = 0; i < spec.length(); i++) {
        char from = spec.charAt(i);
        if (i + 2 < spec.length() && spec.charAt(i + 1) == '-') {
          for (char x = from; x <= spec.charAt(i + 2); x++) {
            c.members[x] = true;
          }
          i += 2;
        } else {
          c.members[from] = true;
        }
      }
      return c;
    }

    boolean has(char ch) {
      return ch < 128 && members[ch];
    }

    /** How many members {@code text[from, to)} holds, counting no further than {@code enough}. */
    int count(String text, int from, int to, int enough) {
      int n = 0;
      for (int i = from; i < to && n < enough; i++) {
        if (has(text.charAt(i))) {
          n++;
        }
      }
      return n;
    }
  }

  /** Merges windows that overlap or touch, in order. */
  final class Merger {
    private final int length;
    private final Windows out;
    private int start = -1;
    private int end = -1;

    Merger(int length, Windows out) {
      this.length = length;
      this.out = out;
    }

    void window(int s, int e) {
      if (start >= 0 && s <= end) {
        end = Math.max(end, Math.min(length, e));
        return;
      }
      flush();
      start = s;
      end = Math.min(length, e);
    }

    void flush() {
      if (start >= 0) {
        out.window(start, end);
        start = -1;
      }
    }
  }
}
