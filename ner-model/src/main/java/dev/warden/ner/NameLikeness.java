package dev.warden.ner;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import opennlp.tools.ml.model.MaxentModel;

/**
 * Whether a word no list knows looks like a person's name, a place or an ordinary word, from its
 * letters alone ("Lorcan", "Ottoline" and "Dashiell" look like names; "Timesheets" and
 * "Checkout" do not). A small maxent model over prefixes and suffixes, trained by the build on
 * the words of the training corpus's names and the POS model's common words, so the span
 * classifier can generalise beyond the word lists. Thread-safe.
 */
public final class NameLikeness {
  public static final String PERSON = "PER";
  public static final String PLACE = "LOC";
  public static final String WORD = "WORD";

  private final MaxentModel[] models;

  /** The shipped model. */
  public NameLikeness(MaxentModel model) {
    this.models = new MaxentModel[] {Objects.requireNonNull(model, "model")};
  }

  /**
   * For training only: two models, each trained on the words of the other fold ({@link #fold}),
   * so a corpus word is never judged by a model that saw it and the span classifier learns how
   * much to trust this feature on unseen words.
   */
  public NameLikeness(MaxentModel notFold0, MaxentModel notFold1) {
    this.models = new MaxentModel[] {Objects.requireNonNull(notFold0), Objects.requireNonNull(notFold1)};
  }

  /** The fold (0 or 1) of a lower-cased word. */
  public static int fold(String lower) {
    return lower.hashCode() & 1;
  }

  /** The features of a lower-cased word. */
  public static String[] features(String w) {
    List<String> f = new ArrayList<>(16);
    f.add("b");
    int n = w.length();
    f.add("len=" + Math.min(n, 12));
    for (int k = 1; k <= 4 && k < n; k++) {
      f.add("s" + k + "=" + w.substring(n - k));
    }
    for (int k = 1; k <= 3 && k < n; k++) {
      f.add("p" + k + "=" + w.substring(0, k));
    }
    for (int k = 0; k + 3 <= n; k++) {
      f.add("t=" + w.substring(k, k + 3));
    }
    return f.toArray(new String[0]);
  }

  /** "PER", "LOC" or "WORD", with ":hi" when the model is sure (p >= 0.8), else ":lo". */
  public String classify(String lower) {
    MaxentModel model = models.length == 1 ? models[0] : models[fold(lower)];
    double[] p = model.eval(features(lower));
    int best = 0;
    for (int k = 1; k < p.length; k++) {
      if (p[k] > p[best]) {
        best = k;
      }
    }
    return model.getOutcome(best) + (p[best] >= 0.8 ? ":hi" : ":lo");
  }
}
