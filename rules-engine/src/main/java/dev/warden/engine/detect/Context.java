package dev.warden.engine.detect;

import dev.warden.dsl.text.Fold;
import java.util.List;
import java.util.Locale;

/**
 * Context words that raise confidence, as Presidio does: when one of an entity's context
 * words appears near a match (within {@link #WINDOW} chars before or after), its score is
 * raised by {@link #BOOST}, up to 1.
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
    String around = text.substring(Math.max(0, start - WINDOW), Math.min(text.length(), end + WINDOW))
        .toLowerCase(Locale.ROOT);
    for (String w : words) {
      int i = around.indexOf(w);
      while (i >= 0) {
        boolean before = i == 0 || !Character.isLetterOrDigit(around.charAt(i - 1));
        int after = i + w.length();
        boolean afterOk = after >= around.length() || !Character.isLetterOrDigit(around.charAt(after));
        if (before && afterOk) {
          return Math.min(1.0, base + BOOST);
        }
        i = around.indexOf(w, i + 1);
      }
    }
    return base;
  }
}
