package dev.warden.models.guard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import opennlp.tools.doccat.FeatureGenerator;

/**
 * The tokens and features the guard classifiers were trained with: lower-case word tokens and
 * short symbol runs (so that {@code <|}, {@code ###} or {@code ](} count); each distinct unigram,
 * stem and bigram of a window once. A stem ({@code p=}) is the first {@link #STEM} letters of a
 * word of at least that many, so that "poisoned", "poisoning" and "poisons" share evidence that
 * a corpus of a few thousand lines cannot give each form.
 *
 * <p>Models are trained on one {@link Kind} of features; scoring makes them all, and a model
 * gives a feature it was not trained on no weight. The safety models are trained with stems;
 * the injection model without, which did better for it. Plain punctuation is a phrase boundary, not a feature (a template
 * corpus would otherwise teach the model its commas). The trainer and the detectors both go
 * through this one class, so a model never sees features made differently from those it learnt.
 */
public final class GuardFeatures implements FeatureGenerator {
  /** Tokens longer than this are cut (a base64 blob is one token, not a feature explosion). */
  static final int MAX_TOKEN = 24;
  /** Letters of a stem feature; shorter words have none. */
  public static final int STEM = 5;
  private static final int MAX_SYMBOLS = 3;

  /** Which features a model is trained on. */
  public enum Kind {
    /** Every word's unigram and bigram. */
    WORDS,
    /** Unigrams, stems and bigrams. */
    WITH_STEMS
  }

    private final boolean stems;

  /**
   * All the features (of every {@link Kind}), as scoring makes them. Public for OpenNLP, which
   * instantiates the feature generators named in a model.
   */
  public GuardFeatures() {
    this(true);
  }

  private GuardFeatures(boolean stems) {
    this.stems = stems;
  }

  /** The features of one kind, for training a model on them. */
  public static GuardFeatures forTraining(Kind kind) {
    return switch (kind) {
      case WORDS -> new GuardFeatures(false);
      case WITH_STEMS -> new GuardFeatures(true);
    };
  }

  /** The stem feature's text of a token ({@code token} itself is not a feature name), or null if it has none. */
  static String stem(String token) {
    return token.length() >= STEM && Character.isLetter(token.charAt(0)) ? token.substring(0, STEM) : null;
  }

  /**
   * The tokens of {@code text}, at most {@code limit} of them. A word is made of letters and
   * digits, lower-cased, apostrophes inside it dropped, cut to {@link #MAX_TOKEN} characters; a
   * run of other characters (not spaces) is a symbol token of at most {@link #MAX_SYMBOLS}.
   * A word that is already so in the text (the usual case: the detectors pass lower-case text) is
   * taken as a substring rather than copied a character at a time.
   */
  public static String[] tokens(CharSequence text, int limit) {
    List<String> out = new ArrayList<>();
    Word word = new Word(text);
    StringBuilder symbols = new StringBuilder();
    int n = text.length();
    for (int i = 0; i < n && out.size() < limit; i++) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        flush(symbols, out);
        word.add(i, c);
      } else if ((c == '\'' || c == '\u2019') && word.length() > 0 && i + 1 < n
          && Character.isLetter(text.charAt(i + 1))) {
        // don't, it's: one token, whatever the apostrophe (dropped)
      } else {
        word.flush(out);
        if (Character.isWhitespace(c)) {
          flush(symbols, out);
        } else if (symbols.length() < MAX_SYMBOLS) {
          symbols.append(c);
        }
      }
    }
    if (out.size() < limit) {
      word.flush(out);
    }
    if (out.size() < limit) {
      flush(symbols, out);
    }
    return out.toArray(String[]::new);
  }

  /**
   * The word being read: where it starts, how many characters it keeps, and whether those are
   * the text's own characters in a row (nothing lower-cased or dropped before the last kept one).
   */
  private static final class Word {
    private final CharSequence text;
    private int start = -1;
    private int kept;
    private boolean plain = true;
    private int end;

    Word(CharSequence text) {
      this.text = text;
    }

    int length() {
      return kept;
    }

    void add(int i, char c) {
      if (start < 0) {
        start = i;
      }
      if (kept < MAX_TOKEN) {
        plain &= Character.toLowerCase(c) == c && i == start + kept;
        kept++;
        end = i + 1;
      }
    }

    void flush(List<String> out) {
      if (kept == 0) {
        return;
      }
      if (plain) {
        out.add(text.subSequence(start, start + kept).toString());
      } else {
        StringBuilder sb = new StringBuilder(kept);
        for (int i = start; i < end; i++) {
          char c = text.charAt(i);
          if (Character.isLetterOrDigit(c)) {
            sb.append(Character.toLowerCase(c));
          }
        }
        out.add(sb.toString());
      }
      start = -1;
      kept = 0;
      plain = true;
    }
  }

  private static void flush(StringBuilder sb, List<String> out) {
    if (sb.length() > 0) {
      out.add(sb.toString());
      sb.setLength(0);
    }
  }

  /** Plain punctuation: a phrase boundary, not a feature. Symbol runs such as {@code <|} or {@code ](} are kept. */
  static boolean isPlainPunctuation(String t) {
    for (int i = 0; i < t.length(); i++) {
      if (".,;:!?'\"()-\u2019\u201c\u201d\u2018".indexOf(t.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The distinct features of {@code tokens[from, to)}, of every {@link Kind}. */
  public static String[] features(String[] tokens, int from, int to) {
    return new Windows(tokens, true).features(from, to);
  }

  /**
   * The features of windows of one text's tokens (as the trainer makes them): each token's
   * unigram, its stem (if asked for and it has one) and its bigram with the next token (none where
   * punctuation makes none) are made once per text, and each distinct feature gets a number, so a window's features are deduplicated
   * without a set of its own. For one text and one thread.
   */
  static final class Windows {
    private final String[] unigrams;
    private final String[] bigrams;
    private final int[] unigramIds;
    private final int[] bigramIds;
    private final String[] stems;
    private final int[] stemIds;
    /** Per feature number, the last window (counted from 1) that took it. */
    private final int[] takenBy;
    private int window;

    Windows(String[] tokens, boolean withStems) {
      int n = tokens.length;
      unigrams = new String[n];
      bigrams = new String[n];
      unigramIds = new int[n];
      bigramIds = new int[n];
      stems = new String[n];
      stemIds = new int[n];
      boolean[] punctuation = new boolean[n];
      for (int i = 0; i < n; i++) {
        punctuation[i] = isPlainPunctuation(tokens[i]);
      }
      Map<String, Integer> ids = new HashMap<>();
      for (int i = 0; i < n; i++) {
        if (punctuation[i]) {
          continue;
        }
        unigrams[i] = "w=" + tokens[i];
        unigramIds[i] = ids.computeIfAbsent(unigrams[i], k -> ids.size());
        String stem = withStems ? stem(tokens[i]) : null;
        if (stem != null) {
          stems[i] = "p=" + stem;
          stemIds[i] = ids.computeIfAbsent(stems[i], k -> ids.size());
        }
        if (i + 1 < n && !punctuation[i + 1]) {
          bigrams[i] = "b=" + tokens[i] + "_" + tokens[i + 1];
          bigramIds[i] = ids.computeIfAbsent(bigrams[i], k -> ids.size());
        }
      }
      takenBy = new int[ids.size()];
    }

    /** The distinct features of tokens {@code [from, to)}: per token its unigram, stem and bigram, in text order, each first occurrence once. */
    String[] features(int from, int to) {
      window++;
      List<String> out = new ArrayList<>(3 * (to - from));
      for (int i = from; i < to; i++) {
        if (unigrams[i] == null) {
          continue;
        }
        take(unigrams[i], unigramIds[i], out);
        if (stems[i] != null) {
          take(stems[i], stemIds[i], out);
        }
        if (i + 1 < to && bigrams[i] != null) {
          take(bigrams[i], bigramIds[i], out);
        }
      }
      return out.toArray(String[]::new);
    }

    private void take(String feature, int id, List<String> out) {
      if (takenBy[id] != window) {
        takenBy[id] = window;
        out.add(feature);
      }
    }
  }

  @Override
  public Collection<String> extractFeatures(String[] text, Map<String, Object> extraInformation) {
    return List.of(new Windows(text, stems).features(0, text.length));
  }
}
