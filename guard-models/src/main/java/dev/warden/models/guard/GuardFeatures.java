package dev.warden.models.guard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import opennlp.tools.doccat.FeatureGenerator;

/**
 * The tokens and features the guard classifiers were trained with: lower-case word tokens and
 * short symbol runs (so that {@code <|}, {@code ###} or {@code ](} count); each distinct unigram
 * and bigram of a window once. Plain punctuation is a phrase boundary, not a feature (a template
 * corpus would otherwise teach the model its commas). The trainer and the detectors both go
 * through this one class, so a model never sees features made differently from those it learnt.
 */
public final class GuardFeatures implements FeatureGenerator {
  /** Tokens longer than this are cut (a base64 blob is one token, not a feature explosion). */
  static final int MAX_TOKEN = 24;
  private static final int MAX_SYMBOLS = 3;

  /** Public for OpenNLP, which instantiates the feature generators named in a model. */
  public GuardFeatures() {
  }

  /** The tokens of {@code text}, at most {@code limit} of them. */
  public static String[] tokens(CharSequence text, int limit) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    StringBuilder symbols = new StringBuilder();
    int n = text.length();
    for (int i = 0; i < n && out.size() < limit; i++) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        flush(symbols, out);
        if (word.length() < MAX_TOKEN) {
          word.append(Character.toLowerCase(c));
        }
      } else if ((c == '\'' || c == '\u2019') && word.length() > 0 && i + 1 < n
          && Character.isLetter(text.charAt(i + 1))) {
        // don't, it's: one token, whatever the apostrophe
      } else {
        flush(word, out);
        if (Character.isWhitespace(c)) {
          flush(symbols, out);
        } else if (symbols.length() < MAX_SYMBOLS) {
          symbols.append(c);
        }
      }
    }
    if (out.size() < limit) {
      flush(word, out);
    }
    if (out.size() < limit) {
      flush(symbols, out);
    }
    return out.toArray(String[]::new);
  }

  private static void flush(StringBuilder sb, List<String> out) {
    if (sb.length() > 0) {
      out.add(sb.toString());
      sb.setLength(0);
    }
  }

  /** Plain punctuation: a phrase boundary, not a feature. Symbol runs such as {@code <|} or {@code ](} are kept. */
  private static boolean isPlainPunctuation(String t) {
    for (int i = 0; i < t.length(); i++) {
      if (".,;:!?'\"()-\u2019\u201c\u201d\u2018".indexOf(t.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The distinct features of {@code tokens[from, to)}. */
  public static String[] features(String[] tokens, int from, int to) {
    return features(Precomputed.of(tokens), from, to);
  }

  /** Each token's unigram feature and its bigram with the next token (null where punctuation makes none), made once per text. */
  public record Precomputed(String[] unigrams, String[] bigrams) {
    public static Precomputed of(String[] tokens) {
      int n = tokens.length;
      String[] uni = new String[n];
      String[] bi = new String[n];
      boolean[] punctuation = new boolean[n];
      for (int i = 0; i < n; i++) {
        punctuation[i] = isPlainPunctuation(tokens[i]);
      }
      for (int i = 0; i < n; i++) {
        if (punctuation[i]) {
          continue;
        }
        uni[i] = "w=" + tokens[i];
        if (i + 1 < n && !punctuation[i + 1]) {
          bi[i] = "b=" + tokens[i] + "_" + tokens[i + 1];
        }
      }
      return new Precomputed(uni, bi);
    }
  }

  /** The distinct features of tokens {@code [from, to)}, in the order {@link #features(String[], int, int)} gives them. */
  public static String[] features(Precomputed p, int from, int to) {
    Set<String> out = new LinkedHashSet<>(4 * (to - from));
    for (int i = from; i < to; i++) {
      if (p.unigrams()[i] == null) {
        continue;
      }
      out.add(p.unigrams()[i]);
      if (i + 1 < to && p.bigrams()[i] != null) {
        out.add(p.bigrams()[i]);
      }
    }
    return out.toArray(String[]::new);
  }

  @Override
  public Collection<String> extractFeatures(String[] text, Map<String, Object> extraInformation) {
    return List.of(features(text, 0, text.length));
  }
}
