package dev.warden.engine.detect.injection;

import dev.warden.engine.detect.Chars;

/**
 * The leetspeak reading of a lower-case text: in words that mix letters with digits or symbols
 * standing for letters ({@code 1gn0r3}, {@code pr3v10u5}, {@code @ll}), those are read as
 * letters. Words where the digits only trail ({@code mp3}, {@code python3}) and numbers stay.
 */
final class Leet {
  private Leet() {
  }

  /** A text with this many clear leet words ({@code 1gn0r3}) is read as leet throughout ({@code th3}, {@code t0}). */
  static final int LEET_TEXT = 2;

  /** The folded text, or null if no word reads differently. */
  static String fold(String lower) {
    int[] first = new int[2];
    int leetWords = count(lower, first);
    if (leetWords == 0) {
      return null; // no word is a leet word, and the text is not leet throughout: nothing reads differently
    }
    if (leetWords < LEET_TEXT) {
      // one leet word in the whole text, and no word else reads differently: read only that one
      StringBuilder out = new StringBuilder(lower.length()).append(lower, 0, first[0]);
      appendRead(lower, first[0], first[1], out);
      return out.append(lower, first[1], lower.length()).toString();
    }
    StringBuilder out = null;
    int n = lower.length();
    int i = 0;
    while (i < n) {
      int end = i;
      while (end < n && isWordChar(lower, end)) {
        end++;
      }
      if (end == i) {
        if (out != null) {
          out.append(lower.charAt(i));
        }
        i++;
        continue;
      }
      if (isLeetWord(lower, i, end) || hasLetterAndLeet(lower, i, end)) {
        if (out == null) {
          out = new StringBuilder(n).append(lower, 0, i);
        }
        appendRead(lower, i, end, out);
      } else if (out != null) {
        out.append(lower, i, end);
      }
      i = end;
    }
    return out == null ? null : out.toString();
  }

  /** Appends {@code lower[from, to)} with each character read as the letter it stands for. */
  private static void appendRead(String lower, int from, int to, StringBuilder out) {
    for (int k = from; k < to; k++) {
      char c = lower.charAt(k);
      char l = letter(c);
      out.append(l != 0 ? l : c);
    }
  }

  /**
   * The leet words of the text, counted up to {@link #LEET_TEXT}; the first one's start and end
   * go into {@code first}.
   */
  private static int count(String lower, int[] first) {
    int n = lower.length();
    int words = 0;
    int i = 0;
    while (i < n && words < LEET_TEXT) {
      int end = i;
      while (end < n && isWordChar(lower, end)) {
        end++;
      }
      if (end > i && isLeetWord(lower, i, end)) {
        if (words == 0) {
          first[0] = i;
          first[1] = end;
        }
        words++;
      }
      i = Math.max(end, i + 1);
    }
    return words;
  }

  private static boolean hasLetterAndLeet(String s, int from, int to) {
    boolean letter = false;
    boolean leet = false;
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      letter |= Chars.isLetter(c);
      leet |= !Chars.isLetter(c) && letter(c) != 0;
    }
    return letter && leet;
  }

  private static boolean isWordChar(String s, int i) {
    char c = s.charAt(i);
    if (Chars.isLetterOrDigit(c)) {
      return true;
    }
    // symbols count inside a word only when a letter or digit follows (a final "!" is punctuation)
    return (c == '@' || c == '$' || c == '!' || c == '|') && i + 1 < s.length()
        && Chars.isLetterOrDigit(s.charAt(i + 1));
  }

  /**
   * At least two letters, and a leet character followed by a letter somewhere: one that stands
   * before a character read as a letter, with a real letter after it (in one pass: the first such
   * character before the word's last letter; digit runs such as phone numbers are not rescanned
   * from each digit).
   */
  private static boolean isLeetWord(String s, int from, int to) {
    int letters = 0;
    int firstLeet = -1;
    int lastLetter = -1;
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (Chars.isLetter(c)) {
        letters++;
        lastLetter = k;
      } else if (firstLeet < 0 && letter(c) != 0 && k + 1 < to && letter(s.charAt(k + 1)) != 0) {
        firstLeet = k;
      }
    }
    return letters >= 2 && firstLeet >= 0 && firstLeet < lastLetter;
  }

  /** {@link #letter} of each ASCII character, looked up: this runs for every character of a text. */
  private static final char[] ASCII_LETTER = new char[128];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII_LETTER[c] = slowLetter(c);
    }
  }

  /** The letter a character stands for (a letter stands for itself), or 0. */
  private static char letter(char c) {
    return c < 128 ? ASCII_LETTER[c] : Character.isLetter(c) ? c : 0;
  }



  private static char slowLetter(char c) {
    if (Character.isLetter(c)) {
      return c;
    }
    return switch (c) {
      case '0' -> 'o';
      case '1', '!' -> 'i';
      case '3' -> 'e';
      case '4', '@' -> 'a';
      case '5', '$' -> 's';
      case '7' -> 't';
      case '|' -> 'l';
      default -> 0;
    };
  }
}
