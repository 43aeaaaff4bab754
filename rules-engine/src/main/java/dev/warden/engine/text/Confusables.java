package dev.warden.engine.text;

import java.text.Normalizer;

/**
 * Letters of other scripts that look like Latin ones (from the Unicode confusables data, the
 * Cyrillic, Greek and Latin-extension entries that matter for English text), and accented Latin
 * letters with their plain base letter.
 */
final class Confusables {
  /** Pairs: a look-alike, then the Latin letter it is read as. */
  private static final String PAIRS =
      "\u0430a\u0432b\u0435e\u0451e\u043ak\u043cm\u043dh\u043eo\u0440p\u0441c\u0442t\u0443y" +
      "\u0445x\u0456i\u0457i\u0458j\u0455s\u0501d\u04bbh\u051bq\u051dw\u0491r\u0433r\u0461w" +
      "\u04cfl\u044cb\u0410A\u0412B\u0415E\u0401E\u041aK\u041cM\u041dH\u041eO\u0420P\u0421C" +
      "\u0422T\u0423Y\u0425X\u0406I\u0407I\u0408J\u0405S\u04c0I\u03b1a\u03b2b\u03b3y\u03b5e" +
      "\u03b7n\u03b9i\u03bak\u03bdv\u03bfo\u03c1p\u03c4t\u03c5u\u03c7x\u03c9w\u03bcu\u03c2c" +
      "\u03f2c\u03f3j\u0391A\u0392B\u0395E\u0396Z\u0397H\u0399I\u039aK\u039cM\u039dN\u039fO" +
      "\u03a1P\u03a4T\u03a5Y\u03a7X\u0131i\u0261g\u0251a\u0269i\u017fs\u0280r\u1d0fo\u1d1cu" +
      "\u0274n\u026ai\u1d00a\u1d07e\u029fl\u1d1bt";

  private static final char[] LATIN = new char[0x1d20];
  private static final char[] PLAIN = new char[0x250];

  static {
    for (int i = 0; i + 1 < PAIRS.length(); i += 2) {
      LATIN[PAIRS.charAt(i)] = PAIRS.charAt(i + 1);
    }
    for (char c = 0xC0; c < 0x250; c++) {
      String d = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
      char base = d.charAt(0);
      if (base < 0x80 && Character.isLetter(base)) {
        PLAIN[c] = base;
      }
    }
    PLAIN[0xDF] = 's'; // sharp s reads as s (ss)
    PLAIN[0xF8] = 'o';
    PLAIN[0xD8] = 'O';
    PLAIN[0x142] = 'l';
    PLAIN[0x141] = 'L';
    PLAIN[0x111] = 'd';
  }

  private Confusables() {
  }

  /** The Latin letter {@code c} looks like, or 0. */
  static char latin(char c) {
    return c < LATIN.length ? LATIN[c] : 0;
  }

  /** The plain letter of an accented Latin letter, or 0. */
  static char unaccented(char c) {
    return c >= 0xC0 && c < PLAIN.length ? PLAIN[c] : 0;
  }
}
