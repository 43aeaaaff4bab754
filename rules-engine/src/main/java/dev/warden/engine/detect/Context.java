package dev.warden.engine.detect;

import dev.warden.dsl.text.Fold;
import java.util.List;
import java.util.Locale;

/**
 * Words near a match that change its confidence, as Presidio does: a supporting word
 * ("phone", "patient") within {@link #WINDOW} chars before or after, in the same sentence,
 * raises the score by {@link #BOOST}; a contradicting word ("order", "invoice", "version")
 * lowers it by as much. Scores stay within 0..1.
 */
public final class Context {
  public static final int WINDOW = 60;
  public static final double BOOST = 0.35;

  private final List<String> supporting;
  private final List<String> contradicting;
  private final int before;
  private final int after;
  private final java.util.Set<String> columns;

  public Context(List<String> supporting) {
    this(supporting, List.of());
  }

  public Context(List<String> supporting, List<String> contradicting) {
    this(supporting, contradicting, WINDOW, WINDOW);
  }

  /** Context looked for only in {@code before} chars ahead of a match and {@code after} chars behind it. */
  public Context(List<String> supporting, List<String> contradicting, int before, int after) {
    this(supporting, contradicting, before, after, java.util.Set.of());
  }

  private Context(List<String> supporting, List<String> contradicting, int before, int after,
      java.util.Set<String> columns) {
    this.supporting = normalise(supporting);
    this.contradicting = normalise(contradicting);
    this.before = before;
    this.after = after;
    this.columns = columns;
  }

  /**
   * The same context, plus column names: a match in a comma-, semicolon- or tab-separated table
   * whose header names its column one of these ("dob", "birth_date") is supported too.
   */
  public Context withColumns(java.util.Set<String> names) {
    return new Context(supporting, contradicting, before, after, java.util.Set.copyOf(names));
  }

  private static List<String> normalise(List<String> words) {
    return words.stream().map(w -> Fold.fold(w).toLowerCase(Locale.ROOT)).filter(w -> !w.isEmpty()).toList();
  }

  public boolean isEmpty() {
    return supporting.isEmpty() && contradicting.isEmpty();
  }

  /** The score of a match at [start, end) given the text around it. */
  public double score(String text, int start, int end, double base) {
    if (isEmpty()) {
      return base;
    }
    String around = around(text, start, end);
    double score = base;
    if (anyWord(around, supporting) || (!columns.isEmpty() && Tables.columnName(text, start, columns))) {
      score += BOOST;
    }
    if (anyWord(around, contradicting)) {
      score -= BOOST;
    }
    return Math.max(0, Math.min(1, score));
  }

  /** Whether a supporting word is near the match. */
  public boolean supported(String text, int start, int end) {
    return !supporting.isEmpty() && anyWord(around(text, start, end), supporting);
  }

  private String around(String text, int start, int end) {
    String ahead = text.substring(Math.max(0, start - before), start);
    String behind = text.substring(end, Math.min(text.length(), end + after));
    return (sinceSentenceStart(ahead) + " " + untilSentenceEnd(behind)).toLowerCase(Locale.ROOT);
  }

  private static boolean anyWord(String around, List<String> words) {
    for (String w : words) {
      int i = around.indexOf(w);
      while (i >= 0) {
        int after = i + w.length();
        boolean startsWord = i == 0 || !Character.isLetterOrDigit(around.charAt(i - 1));
        boolean endsWord = after >= around.length() || !Character.isLetterOrDigit(around.charAt(after));
        if (startsWord && endsWord) {
          return true;
        }
        i = around.indexOf(w, i + 1);
      }
    }
    return false;
  }

  /** The part of {@code before} in the sentence the match is in. */
  static String sinceSentenceStart(String before) {
    for (int i = before.length() - 1; i >= 0; i--) {
      if (endsSentence(before, i)) {
        return before.substring(i + 1);
      }
    }
    return before;
  }

  /** The part of {@code after} in the sentence the match is in. */
  static String untilSentenceEnd(String after) {
    for (int i = 0; i < after.length(); i++) {
      if (endsSentence(after, i)) {
        return after.substring(0, i);
      }
    }
    return after;
  }

  /** Abbreviations whose full stop does not end a sentence ("invoice no. 123", "Dr. Smith"). */
  private static final java.util.Set<String> ABBREVIATIONS = java.util.Set.of("no", "nr", "tel", "ref", "dr", "mr",
      "mrs", "ms", "st", "inc", "ltd", "co", "vs", "eg", "ie", "approx", "dept", "acct", "fig", "ph", "ext", "mob");

  /** A newline, or . ! ? followed by whitespace (or the end of the window), but not an abbreviation's dot. */
  private static boolean endsSentence(String s, int i) {
    char c = s.charAt(i);
    if (c == '\n') {
      return true;
    }
    if ((c != '.' && c != '!' && c != '?') || (i + 1 < s.length() && !Character.isWhitespace(s.charAt(i + 1)))) {
      return false;
    }
    if (c == '.') {
      int w = i;
      while (w > 0 && (Character.isLetter(s.charAt(w - 1)) || s.charAt(w - 1) == '.')) {
        w--;
      }
      return !ABBREVIATIONS.contains(s.substring(w, i).replace(".", "").toLowerCase(Locale.ROOT));
    }
    return true;
  }
}
