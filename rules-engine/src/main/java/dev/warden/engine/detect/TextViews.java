package dev.warden.engine.detect;

import dev.warden.engine.text.UnicodeFold;
import dev.warden.models.guard.GuardFeatures;
import dev.warden.models.guard.GuardVocabulary;

/**
 * One text as the injection and safety detectors read it: cut to its head and tail when very
 * long, with its Unicode tricks undone ({@link UnicodeFold}), and as the tokens and window
 * features of the guard classifiers. Both detectors read the same views, so each is made on
 * first use and kept: one text is folded and tokenised once, not once per detector.
 *
 * <p>Made for one text and read by one thread at a time (the views are filled in lazily).
 */
public final class TextViews {
  /** Longer texts are read as their first {@value #HEAD} and last {@value #TAIL} characters. */
  public static final int HEAD = 384 * 1024;
  public static final int TAIL = 128 * 1024;
  /** The classifiers read at most this many tokens of a text. */
  public static final int MAX_TOKENS = 120_000;

  private final String text;
  private UnicodeFold.Folded fold;
  private String[] tokens;
  private GuardVocabulary.Windows windows;

  private TextViews(String text) {
    this.text = text;
  }

  /** The views of {@code text} (null reads as the empty text). */
  public static TextViews of(String text) {
    return new TextViews(text == null ? "" : text);
  }

  /** The text as given. */
  public String text() {
    return text;
  }

  /** The text, cut to its head and tail if longer than both, with its Unicode tricks undone. */
  public UnicodeFold.Folded fold() {
    if (fold == null) {
      String capped = text.length() <= HEAD + TAIL ? text
          : text.substring(0, HEAD) + "\n" + text.substring(text.length() - TAIL);
      fold = UnicodeFold.fold(capped);
    }
    return fold;
  }

  /** The folded text in lower case, runs of spaces made one. */
  public String lower() {
    return fold().lower();
  }

  /** The guard classifiers' tokens of {@link #lower}, at most {@link #MAX_TOKENS}. */
  public String[] tokens() {
    if (tokens == null) {
      tokens = GuardFeatures.tokens(lower(), MAX_TOKENS);
    }
    return tokens;
  }

  /**
   * The features of each classifier window of {@link #tokens}, numbered in {@code vocabulary}
   * (that of the classifiers that read them; the shipped ones share one).
   */
  public GuardVocabulary.Windows windows(GuardVocabulary vocabulary) {
    if (windows == null || windows.vocabulary() != vocabulary) {
      windows = vocabulary.windows(tokens());
    }
    return windows;
  }
}
