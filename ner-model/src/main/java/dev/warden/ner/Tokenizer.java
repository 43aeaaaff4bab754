package dev.warden.ner;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a text into word and punctuation tokens with char offsets, in one pass and without
 * regular expressions. Words keep inner apostrophes ({@code O'Brien}), hyphens
 * ({@code Jean-Luc}) and dots ({@code U.S}, {@code 2.3.1}, {@code AuthService.java}); a
 * possessive {@code 's} is its own token; a known abbreviation or an initial keeps its final
 * period. Identifiers, mail addresses, paths and times stay one token, so their parts never look
 * like names.
 *
 * <p>OpenNLP's {@code TokenizerME} was measured at ~300 us per KB here (the English model turns
 * the alphanumeric shortcut off); this tokenizer takes a few microseconds, and the span
 * classifier is trained on exactly the tokens it sees at run time.
 */
public final class Tokenizer {
  /** Words that keep a following period: titles, legal forms, common abbreviations. */
  private static final Set<String> ABBREVIATIONS = new HashSet<>(List.of("mr", "mrs", "ms", "mx", "dr", "prof", "rev", "hon", "st",
      "mt", "ft", "jr", "sr", "sen", "rep", "gov", "gen", "col", "capt", "lt", "sgt", "det", "inc", "ltd", "corp", "co",
      "bros", "dept", "univ", "assn", "ave", "blvd", "rd", "no", "vs", "etc", "approx", "fig", "vol", "jan", "feb",
      "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat",
      "sun")); // a HashSet, never changed: most words miss, and Set.of's probing calls equals on every key it passes

  private Tokenizer() {
  }

  public static Tokens tokenize(String text) {
    int n = text.length();
    Tokens t = new Tokens(text, n / 5 + 4);
    boolean nextStartsSentence = true;
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        if (c == '\n') {
          nextStartsSentence = true;
        }
        i++;
        continue;
      }
      int cp = text.codePointAt(i);
      if (Character.isLetterOrDigit(cp)) {
        int j = wordEnd(text, i);
        boolean period = j < n && text.charAt(j) == '.' && keepsPeriod(text, i, j);
        int e = period ? j + 1 : j;
        t.add(i, e, shape(text, i, j), nextStartsSentence);
        nextStartsSentence = false;
        i = e;
        continue;
      }
      if (isApostrophe(c) && i + 1 < n && (text.charAt(i + 1) == 's' || text.charAt(i + 1) == 'S')
          && (i + 2 >= n || !Character.isLetterOrDigit(text.charAt(i + 2)))) {
        t.add(i, i + 2, LOWERCASE_WORD, nextStartsSentence);
        nextStartsSentence = false;
        i += 2;
        continue;
      }
      int e = i + Character.charCount(cp);
      boolean ends = c == '.' || c == '!' || c == '?' || c == '\u2026';
      t.add(i, e, 0, nextStartsSentence);
      // A sentence starts after . ! ? ; an opening quote, bracket, bullet or emoji keeps that start.
      nextStartsSentence = ends || nextStartsSentence;
      i = e;
    }
    return t;
  }

  private static final int LOWERCASE_WORD = Tokens.WORD | Tokens.LOWER;

  /** The end of the word starting at {@code i}. */
  private static int wordEnd(String s, int i) {
    int n = s.length();
    int j = i;
    while (j < n) {
      int cp = s.codePointAt(j);
      if (Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK) {
        j += Character.charCount(cp);
        continue;
      }
      boolean nextAlnum = j + 1 < n && Character.isLetterOrDigit(s.charAt(j + 1));
      if (!nextAlnum) {
        break;
      }
      if (isApostrophe((char) cp)) {
        char a = s.charAt(j + 1);
        boolean possessive = (a == 's' || a == 'S') && (j + 2 >= n || !Character.isLetterOrDigit(s.charAt(j + 2)));
        if (possessive) {
          break;
        }
        j++;
        continue;
      }
      if (cp == '-' || cp == '_' || cp == '.' || cp == '@' || cp == '/' || cp == '\\' || cp == '+' || cp == '#') {
        j++;
        continue;
      }
      if (cp == ':' && Character.isDigit(s.charAt(j - 1)) && Character.isDigit(s.charAt(j + 1))) {
        j++;
        continue;
      }
      break;
    }
    return j;
  }

  private static boolean keepsPeriod(String s, int i, int j) {
    if (j - i == 1 && Character.isUpperCase(s.charAt(i))) {
      return true;
    }
    if (j - i > 6) {
      return false;
    }
    String w = lower(s, i, j);
    // "U.S" or "e.g": single letters between dots.
    return ABBREVIATIONS.contains(w) || (w.length() >= 3 && w.charAt(1) == '.' && w.indexOf("..") < 0
        && Character.isLetter(w.charAt(w.length() - 1)) && w.charAt(w.length() - 2) == '.');
  }

  private static boolean isApostrophe(char c) {
    return c == '\'' || c == '\u2019';
  }

  private static int shape(String s, int i, int j) {
    int letters = 0;
    int upper = 0;
    boolean digit = false;
    boolean code = false;
    int innerCapital = -1;
    int segment = 0;
    int longestDotted = 0;
    int dots = 0;
    for (int k = i; k < j; k++) {
      char c = s.charAt(k);
      if (Character.isLetter(c)) {
        letters++;
        segment++;
        if (Character.isUpperCase(c)) {
          upper++;
          if (k > i && innerCapital < 0) {
            innerCapital = k;
          }
        }
      } else if (Character.isDigit(c)) {
        digit = true;
        segment++;
      } else if (c == '.') {
        dots++;
        longestDotted = Math.max(longestDotted, segment);
        segment = 0;
      } else if (c == '@' || c == '/' || c == '\\' || c == '_' || c == ':' || c == '+' || c == '#') {
        code = true;
      }
    }
    // "U.S" and "e.g" are abbreviations; "AuthService.java" and "john.doe" are not words.
    int lastSegment = s.charAt(j - 1) == '.' ? 0 : segment;
    if (dots > 0 && Math.max(longestDotted, lastSegment) > 1) {
      code = true;
    }
    int f = 0;
    if (letters > 0 && !digit && !code) {
      f |= Tokens.WORD;
    }
    if (digit) {
      f |= Tokens.DIGIT;
    }
    if (code) {
      f |= Tokens.CODE;
    }
    char first = s.charAt(i);
    if (Character.isUpperCase(first)) {
      f |= Tokens.CAP;
    }
    if (letters >= 2 && upper == letters) {
      f |= Tokens.ALL_CAPS;
    } else if (innerCapital > 0 && camel(s, i, j)) {
      f |= Tokens.CAMEL;
    }
    if (letters > 0 && upper == 0) {
      f |= Tokens.LOWER;
    }
    if (letters == 1 && upper == 1 && (j - i == 1 || (j - i == 2 && s.charAt(i + 1) == '.'))) {
      f |= Tokens.INITIAL;
    }
    return f;
  }

  /** Whether an inner capital of [i, j) is not one of the patterns names have. */
  private static boolean camel(String s, int i, int j) {
    for (int k = i + 1; k < j; k++) {
      if (Character.isUpperCase(s.charAt(k)) && !camelAllowed(s, i, k)) {
        return true;
      }
    }
    return false;
  }

  /** Inner capitals that names have: McDonald, MacLeod, O'Brien, DeShawn, LaToya, Jean-Luc, U.S. */
  private static boolean camelAllowed(String s, int i, int k) {
    char prev = s.charAt(k - 1);
    if (prev == '\'' || prev == '\u2019' || prev == '-' || prev == '.') {
      return true;
    }
    int len = k - i;
    if (len == 2) {
      String p = s.substring(i, k);
      return p.equals("Mc") || p.equals("De") || p.equals("Le") || p.equals("La") || p.equals("Di") || p.equals("Da");
    }
    return len == 3 && (s.startsWith("Mac", i) || s.startsWith("Van", i) || s.startsWith("Von", i));
  }

  static String lower(String s, int from, int to) {
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (Character.isUpperCase(c) || c >= 0x80) {
        return s.substring(from, to).toLowerCase(Locale.ROOT);
      }
    }
    return s.substring(from, to);
  }
}
