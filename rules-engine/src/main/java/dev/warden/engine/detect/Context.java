package dev.warden.engine.detect;

import dev.warden.dsl.text.Fold;
import java.util.List;
import java.util.Locale;

/**
 * Context words that raise confidence, as Presidio does: when one of an entity's context
 * words appears near a match (within {@link #WINDOW} chars before or after, in the same
 * sentence), its score is raised by {@link #BOOST}, up to 1.
 */
public final class Context {
  public static final int WINDOW = 60;
  public static final double BOOST = 0.35;

  private final List<String> words;

  public Context(List<String> words) {
    this.words = words.stream().map(w -> Fold.fold(w).toLowerCase(Locale.ROOT)).filter(w -> !w.isEmpty()).toList();
  }

  public boolean isEmpty() {
    return words.isEmpty();
  }

  /** The score of a match at [start, end) given the text around it. */
  public double score(String text, int start, int end, double base) {
    if (words.isEmpty()) {
      return base;
    }
    String ahead = text.substring(Math.max(0, start - WINDOW), start);
    String behind = text.substring(end, Math.min(text.length(), end + WINDOW));
    String around = (sinceSentenceStart(ahead) + " " + untilSentenceEnd(behind)).toLowerCase(Locale.ROOT);
    for (String w : words) {
      int i = around.indexOf(w);
      while (i >= 0) {
        int after = i + w.length();
        boolean startsWord = i == 0 || !Character.isLetterOrDigit(around.charAt(i - 1));
        boolean endsWord = after >= around.length() || !Character.isLetterOrDigit(around.charAt(after));
        if (startsWord && endsWord) {
          return Math.min(1.0, base + BOOST);
        }
        i = around.indexOf(w, i + 1);
      }
    }
    return base;
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

  /** A newline, or . ! ? followed by whitespace (or the end of the window). */
  private static boolean endsSentence(String s, int i) {
    char c = s.charAt(i);
    if (c == '\n') {
      return true;
    }
    return (c == '.' || c == '!' || c == '?') && (i + 1 >= s.length() || Character.isWhitespace(s.charAt(i + 1)));
  }
}
