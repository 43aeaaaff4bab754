package dev.warden.engine.detect.injection;

/**
 * {@link Character#isLetter} and {@link Character#isLetterOrDigit} with the ASCII answer worked
 * out inline: the normalisation passes ask them for every character of a text, and most
 * characters are ASCII. The answers are the same for every character.
 */
final class Chars {
  private Chars() {
  }

  static boolean isLetter(char c) {
    return c < 128 ? (c | 0x20) >= 'a' && (c | 0x20) <= 'z' : Character.isLetter(c);
  }

  static boolean isLetterOrDigit(char c) {
    return c < 128 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') : Character.isLetterOrDigit(c);
  }
}
