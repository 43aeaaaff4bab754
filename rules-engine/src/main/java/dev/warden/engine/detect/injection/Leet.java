package dev.warden.engine.detect.injection;

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
    int leetWords = count(lower);
    if (leetWords == 0) {
      return null; // no word is a leet word, and the text is not leet throughout: nothing reads differently
    }
    boolean leetText = leetWords >= LEET_TEXT;
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
      if (isLeetWord(lower, i, end) || (leetText && hasLetterAndLeet(lower, i, end))) {
        if (out == null) {
          out = new StringBuilder(n).append(lower, 0, i);
        }
        for (int k = i; k < end; k++) {
          char c = lower.charAt(k);
          char l = letter(c);
          out.append(l != 0 ? l : c);
        }
      } else if (out != null) {
        out.append(lower, i, end);
      }
      i = end;
    }
    return out == null ? null : out.toString();
  }

  private static int count(String lower) {
    int n = lower.length();
    int words = 0;
    int i = 0;
    while (i < n && words < LEET_TEXT) {
      int end = i;
      while (end < n && isWordChar(lower, end)) {
        end++;
      }
      if (end > i && isLeetWord(lower, i, end)) {
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
      letter |= Character.isLetter(c);
      leet |= !Character.isLetter(c) && letter(c) != 0;
    }
    return letter && leet;
  }

  private static boolean isWordChar(String s, int i) {
    char c = s.charAt(i);
    if (Character.isLetterOrDigit(c)) {
      return true;
    }
    // symbols count inside a word only when a letter or digit follows (a final "!" is punctuation)
    return (c == '@' || c == '$' || c == '!' || c == '|') && i + 1 < s.length()
        && Character.isLetterOrDigit(s.charAt(i + 1));
  }

  /** At least two letters, and a leet character followed by a letter somewhere. */
  private static boolean isLeetWord(String s, int from, int to) {
    int letters = 0;
    boolean leetBeforeLetter = false;
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (Character.isLetter(c)) {
        letters++;
      } else if (letter(c) != 0 && k + 1 < to && letter(s.charAt(k + 1)) != 0) {
        leetBeforeLetter |= Character.isLetter(s.charAt(k + 1)) || hasLetterAfter(s, k + 1, to);
      }
    }
    return letters >= 2 && leetBeforeLetter;
  }

  private static boolean hasLetterAfter(String s, int from, int to) {
    for (int k = from; k < to; k++) {
      if (Character.isLetter(s.charAt(k))) {
        return true;
      }
    }
    return false;
  }

  /** The letter a character stands for (a letter stands for itself), or 0. */
  private static char letter(char c) {
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
