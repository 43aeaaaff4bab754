package dev.warden.engine.detect;

import java.util.function.IntPredicate;

/**
 * Where group 1 of a match lies, worked out from the match itself for the patterns that put a
 * one-character boundary around it: {@code (?:^|[^C])(G)(?:[^E]|J(?:X|$)|$)}. Asking RE2/J for
 * a group runs the match a second time with captures, about as dear as finding it; here the
 * boundary characters are read off the ends of the match instead.
 *
 * <p>That reading is exact when G's first character is in C (so at the window's start C says
 * whether {@code ^} or a consumed character began the match), G's last character is in E but not
 * in X and is not J, and J is in E. When the ends do not read unambiguously (a match at the
 * window's start that begins with a character of G outside C, as {@code (} of a phone number),
 * it answers {@link #ASK} and RE2/J is asked as before. Classes are sets of code points, and a
 * case-insensitive pattern's classes hold what RE2/J folds onto their ASCII letters (the Kelvin
 * sign onto k, the long s onto s).
 */
final class GroupBounds {
  /** No reading: RE2/J is asked for the group. */
  static final long ASK = -1;
  /** The bounds of patterns without a known boundary: always {@link #ASK}. */
  static final GroupBounds RE2J = new GroupBounds(null, cp -> false, cp -> false, 0, cp -> false, cp -> false);

  private final IntPredicate before;
  private final IntPredicate firstOutsideBefore;
  private final IntPredicate after;
  private final int joiner;
  private final IntPredicate afterJoiner;
  private final IntPredicate last;

  private GroupBounds(IntPredicate before, IntPredicate firstOutsideBefore, IntPredicate after, int joiner,
      IntPredicate afterJoiner, IntPredicate last) {
    this.before = before;
    this.firstOutsideBefore = firstOutsideBefore;
    this.after = after;
    this.joiner = joiner;
    this.afterJoiner = afterJoiner;
    this.last = last;
  }

  /**
   * For {@code (?:^|[^before])(G)(?:[^after]|$)} whose G begins with a character of
   * {@code before} and ends with one of {@code last} (a subset of {@code after}).
   */
  static GroupBounds of(IntPredicate before, IntPredicate after, IntPredicate last) {
    return new GroupBounds(before, cp -> false, after, 0, cp -> false, last);
  }

  /** The same with a third way to end: {@code joiner} then a character of {@code afterJoiner}, or the end. */
  GroupBounds orJoiner(char joiner, IntPredicate afterJoiner) {
    return new GroupBounds(before, firstOutsideBefore, after, joiner, afterJoiner, last);
  }

  /** The same for a G that may also begin with a character outside {@code before} ({@code (} of a phone number). */
  GroupBounds orFirst(IntPredicate firstOutsideBefore) {
    return new GroupBounds(before, firstOutsideBefore, after, joiner, afterJoiner, last);
  }

  /**
   * Group 1 of the match {@code [start, end)} of {@code window}, as {@code start << 32 | end}, or
   * {@link #ASK}.
   */
  long of(String window, int start, int end) {
    if (before == null || end - start < 2) {
      return ASK;
    }
    int first = window.codePointAt(start);
    int groupStart;
    if (before.test(first)) {
      if (start != 0) {
        return ASK; // only ^ begins a match with a character of C: not a match of this shape
      }
      groupStart = start;
    } else {
      if (start == 0 && firstOutsideBefore.test(first)) {
        return ASK; // ^ then G, or the character then G: RE2/J knows which
      }
      groupStart = start + Character.charCount(first);
    }
    int c = window.codePointBefore(end);
    int width = Character.charCount(c);
    int groupEnd;
    boolean atEnd = end == window.length();
    if (last.test(c)) {
      if (!atEnd) {
        return ASK;
      }
      groupEnd = end; // G, then the end of the window
    } else if (joiner != 0 && end - width > start && window.charAt(end - width - 1) == joiner
        && afterJoiner.test(c)) {
      groupEnd = end - width - 1; // G, the joiner, one character after it
    } else if (joiner != 0 && c == joiner) {
      if (!atEnd) {
        return ASK;
      }
      groupEnd = end - 1; // G, the joiner, the end of the window
    } else if (!after.test(c)) {
      groupEnd = end - width; // G, one character outside E
    } else {
      return ASK;
    }
    return groupEnd > groupStart ? (long) groupStart << 32 | groupEnd : ASK;
  }

  // ------------------------------------------------------------------ classes

  /**
   * An ASCII class written as in {@link Anchors.CharClass#of}; with {@code foldCase}, as a
   * case-insensitive RE2/J class: its letters in both cases, and the Kelvin sign and the long s
   * when it holds k or s.
   */
  static IntPredicate ascii(String chars, boolean foldCase) {
    Anchors.CharClass members = Anchors.CharClass.of(chars);
    boolean kelvin = foldCase && (members.has('k') || members.has('K'));
    boolean longS = foldCase && (members.has('s') || members.has('S'));
    return cp -> {
      if (cp < 128) {
        char c = (char) cp;
        return members.has(c) || (foldCase && (members.has(Character.toLowerCase(c))
            || members.has(Character.toUpperCase(c))));
      }
      return (kelvin && cp == 0x212A) || (longS && cp == 0x17F);
    };
  }

  /** RE2/J's {@code \w}: ASCII letters, digits and underscore. */
  static final String WORD = "0-9A-Za-z_";
  /** RE2/J's {@code \s}. */
  static final IntPredicate SPACE = cp -> cp == ' ' || cp == '\t' || cp == '\n' || cp == '\f' || cp == '\r';
  static final IntPredicate DIGIT = cp -> cp >= '0' && cp <= '9';
}
