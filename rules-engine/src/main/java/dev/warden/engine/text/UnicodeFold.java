package dev.warden.engine.text;

import java.text.Normalizer;

/**
 * Undoes the Unicode tricks that hide words from detectors: removes zero-width, bidi-control and
 * other invisible format characters, reads Unicode tag characters as the ASCII they smuggle,
 * applies NFKC (fullwidth and mathematical letters become ASCII), strips accents from Latin
 * letters and maps Cyrillic and Greek look-alikes to Latin inside words that mix scripts (a
 * Russian or Greek text stays as it is). Reports what it found, since hiding is itself a signal.
 * One pass plus NFKC: linear in the text.
 */
public final class UnicodeFold {
  /**
   * The folded text in two forms and what was undone. {@code cased} keeps case (encodings such
   * as base64 need it); {@code lower} is lower case with runs of spaces and tabs made one space.
   */
  public record Folded(String cased, String lower, int hiddenInWords, int bidiControls, int tagCharacters,
      int confusableWords, int styledLetters) {
    /** Whether any of the hiding tricks was used. */
    public boolean obfuscated() {
      return hiddenInWords > 0 || bidiControls > 0 || tagCharacters > 0 || confusableWords > 0 || styledLetters >= 4;
    }
  }

  private UnicodeFold() {
  }

  public static Folded fold(String text) {
    if (isPlainAscii(text)) {
      return new Folded(text, lowerAndSpaces(text), 0, 0, 0, 0, 0);
    }
    Stripped s = strip(text);
    String nfkc = Normalizer.isNormalized(s.text, Normalizer.Form.NFKC) ? s.text
        : Normalizer.normalize(s.text, Normalizer.Form.NFKC);
    int[] confusableWords = new int[1];
    String cased = letters(nfkc, s.latinDominant(), confusableWords);
    return new Folded(cased, lowerAndSpaces(cased), s.hiddenInWords, s.rtl > 0 ? 0 : s.bidi, s.tags,
        confusableWords[0], s.styled);
  }

  private static boolean isPlainAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private record Stripped(String text, int hiddenInWords, int bidi, int tags, int styled, int latin, int other,
      int rtl) {
    boolean latinDominant() {
      return latin >= other;
    }
  }

  /** Removes invisible characters, decodes tag characters, counts scripts. */
  private static Stripped strip(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int hidden = 0;
    int bidi = 0;
    int tags = 0;
    int styled = 0;
    int latin = 0;
    int other = 0;
    int rtl = 0;
    int n = text.length();
    for (int i = 0; i < n; ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp >= 0xE0000 && cp <= 0xE007F) {
        tags++;
        if (cp >= 0xE0020 && cp <= 0xE007E) {
          out.append((char) (cp - 0xE0000));
        }
        continue;
      }
      if (isBidiControl(cp)) {
        bidi++;
        continue;
      }
      if (isInvisible(cp)) {
        boolean before = !out.isEmpty() && Character.isLetter(out.charAt(out.length() - 1));
        boolean after = i < n && Character.isLetter(text.codePointAt(i));
        if (before && after) {
          hidden++;
        }
        continue;
      }
      if ((cp >= 0xFF21 && cp <= 0xFF5A) || (cp >= 0x1D400 && cp <= 0x1D7FF) || (cp >= 0x24B6 && cp <= 0x24E9)) {
        styled++;
      }
      if (cp < 0x80) {
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') {
          latin++;
        }
      } else if (Character.isLetter(cp)) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        if (script == Character.UnicodeScript.LATIN) {
          latin++;
        } else {
          other++;
          if (script == Character.UnicodeScript.ARABIC || script == Character.UnicodeScript.HEBREW
              || script == Character.UnicodeScript.SYRIAC || script == Character.UnicodeScript.THAANA) {
            rtl++;
          }
        }
      }
      out.appendCodePoint(cp);
    }
    return new Stripped(out.toString(), hidden, bidi, tags, styled, latin, other, rtl);
  }

  static boolean isBidiControl(int cp) {
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F
        || cp == 0x061C;
  }

  static boolean isInvisible(int cp) {
    return cp == 0x200B || cp == 0x200C || cp == 0x200D || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF
        || cp == 0x00AD || cp == 0x180E || cp == 0x034F || cp == 0x115F || cp == 0x1160 || cp == 0x3164
        || cp == 0xFFA0 || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
  }

  /** Strips accents from Latin letters; maps look-alikes in mixed-script words (in all-look-alike words of a Latin text too). */
  private static String letters(String s, boolean latinDominant, int[] confusableWords) {
    StringBuilder out = new StringBuilder(s.length());
    int n = s.length();
    int i = 0;
    char lastBase = ' ';
    while (i < n) {
      char c = s.charAt(i);
      if (!Character.isLetter(c)) {
        if (!isMark(c)) {
          out.append(c);
          lastBase = c;
        } else if (lastBase >= 0x250) {
          out.append(c); // a mark of another script stays; on a Latin letter it is dropped (also undoes "zalgo")
        }
        i++;
        continue;
      }
      int end = i;
      int ascii = 0;
      int look = 0;
      int others = 0;
      while (end < n && (Character.isLetter(s.charAt(end)) || isMark(s.charAt(end)))) {
        char d = s.charAt(end);
        if (d < 0x80) {
          ascii++;
        } else if (Confusables.latin(d) != 0) {
          look++;
        } else if (Character.isLetter(d) && Confusables.unaccented(d) == 0) {
          others++;
        }
        end++;
      }
      boolean map = look > 0 && (ascii > 0 || (others == 0 && latinDominant));
      if (map) {
        confusableWords[0]++;
      }
      for (int k = i; k < end; k++) {
        char d = s.charAt(k);
        if (isMark(d)) {
          if (lastBase >= 0x250) {
            out.append(d);
          }
          continue;
        }
        char plain = Confusables.unaccented(d);
        char latin = map ? Confusables.latin(d) : 0;
        char to = latin != 0 ? latin : plain != 0 ? plain : d;
        out.append(to);
        lastBase = to;
      }
      i = end;
    }
    return out.toString();
  }

  private static boolean isMark(char c) {
    int t = Character.getType(c);
    return t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK || t == Character.COMBINING_SPACING_MARK;
  }

  /** Lower case, runs of spaces and tabs as one space, line breaks kept (role markers sit at line starts). */
  static String lowerAndSpaces(String s) {
    int n = s.length();
    char[] out = new char[n]; // written into an array: a StringBuilder checks capacity and coder per character
    int k = 0;
    boolean space = false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        out[k++] = '\n';
        space = false;
      } else if (c == '\r') {
        continue;
      } else if (c == ' ' || c == '\t' || c == '\u00a0' || c == '\u3000' || c == '\f' || c == 0x0B) {
        if (!space) {
          out[k++] = ' ';
          space = true;
        }
      } else {
        out[k++] = Character.toLowerCase(c);
        space = false;
      }
    }
    return new String(out, 0, k);
  }
}
