package dev.warden.engine.detect;

/**
 * {@link Character#isLetter}, {@link Character#isDigit} and {@link Character#isLetterOrDigit}
 * with the ASCII answer worked out inline: the injection and safety detectors' normalisation
 * and tokenising passes ask them for every character of a text, and most characters are ASCII.
 * The answers are the same as {@link Character}'s for every character.
 */
public final class Chars {
  private Chars() {
  }

  public static boolean isLetter(char c) {
    return c < 128 ? (c | 0x20) >= 'a' && (c | 0x20) <= 'z' : Character.isLetter(c);
  }

  public static boolean isDigit(char c) {
    return c < 128 ? c >= '0' && c <= '9' : Character.isDigit(c);
  }

  public static boolean isLetterOrDigit(char c) {
    return c < 128 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') : Character.isLetterOrDigit(c);
  }
}
