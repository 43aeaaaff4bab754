package dev.warden.dsl.text;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The normal form in which {@code contains} compares strings: Unicode NFKC, case folded, every
 * run of whitespace a single space, trimmed. Used on constants at compile time and on facts at
 * run time, so both sides are folded the same way.
 */
public final class Fold {
  private Fold() {}

  public static String fold(String s) {
    if (s.isEmpty()) {
      return s;
    }
    String n = isAsciiSimple(s) ? s : Normalizer.normalize(s, Normalizer.Form.NFKC);
    StringBuilder b = new StringBuilder(n.length());
    boolean space = false;
    for (int i = 0; i < n.length(); ) {
      int cp = n.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        space = !b.isEmpty();
        continue;
      }
      if (space) {
        b.append(' ');
        space = false;
      }
      b.appendCodePoint(cp);
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }

  private static boolean isAsciiSimple(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
