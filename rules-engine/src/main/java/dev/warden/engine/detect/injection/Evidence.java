package dev.warden.engine.detect.injection;

import dev.warden.engine.detect.Chars;
import dev.warden.engine.detect.TextViews;
import dev.warden.engine.text.UnicodeFold;
import dev.warden.models.guard.GuardClassifier;
import dev.warden.models.guard.GuardFeatures;
import dev.warden.models.guard.Logistic;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Everything the injection detector learns about one text: the normalised views (folded,
 * leetspeak, spelled-out letters, decoded blobs, recursively), the strength of each signal, how
 * much of it was hidden, and the classifier's probability. {@link #features} is what the
 * calibrated combiner reads.
 */
final class Evidence {
  static final int MAX_TOKENS = TextViews.MAX_TOKENS;
  /**
   * Names of the combiner's features, in order: the signals together (log-odds of their noisy-or),
   * the classifier's evidence for an attack, its evidence against one (which counts only as far
   * as no signal fired: a model trained on templates must not overrule "ignore all previous
   * instructions"), hiding tricks, and whether matches were mentions rather than uses.
   */
  static final List<String> FEATURES = List.of("signals", "classifier_for", "classifier_against", Signals.OBFUSCATION,
      "mention");
  /** Sign constraints of the features' weights: evidence may only raise the score, a mention only lower it. */
  static final int[] SIGNS = {1, 1, 1, 1, -1};

  final double[] strengths;
  final double classifier;
  /** Whether a match was a mention; worked out for the text itself only (false for a decoded blob's evidence). */
  final boolean mentioned;

  private Evidence(double[] strengths, double classifier, boolean mentioned) {
    this.strengths = strengths;
    this.classifier = classifier;
    this.mentioned = mentioned;
  }

  static Evidence of(TextViews text, Signals signals, GuardClassifier model, Blobs.Budget budget, int depth) {
    UnicodeFold.Folded fold = text.fold();
    String lower = fold.lower();
    // whether a match was a mention counts only for the text itself, not for what is read into it
    Signals.Found found = signals.match(lower, depth == 0);
    double[] s = found.strengths().clone();
    double clf = GuardClassifier.probabilities(List.of(model), text.windows(model.vocabulary()))[0];
    double hiddenBy = 0;

    String leet = Leet.fold(lower);
    if (leet != null && !foldedIntoTrigger(lower, leet, signals)) {
      leet = null; // leetspeak that hides no trigger word: nothing to read again
    }
    if (leet != null) {
      double[] viaLeet = signals.match(leet, false).strengths();
      for (int i = 0; i < s.length; i++) {
        if (viaLeet[i] >= s[i] + 0.3) {
          hiddenBy = 1;
        }
        s[i] = Math.max(s[i], viaLeet[i]);
      }
    }
    if (leet != null) {
      double leetClf = model.probability(GuardFeatures.tokens(leet, MAX_TOKENS));
      if (leetClf > clf) {
        clf = leetClf;
      }
    }
    if (Spacing.hasSpelledRun(lower)) {
      for (String[] hit : Spacing.hidden(lower)) {
        int i = Signals.ALL.indexOf(hit[1]);
        if (s[i] < 0.9) {
          s[i] = 0.9;
          hiddenBy = 1;
        }
      }
    }

    int encodedIndex = Signals.ALL.indexOf(Signals.ENCODED);
    List<Blobs.Decoded> blobs = depth < Blobs.Budget.MAX_DEPTH ? Blobs.decode(fold.cased(), lower, budget) : List.of();
    double encoded = 0;
    for (Blobs.Decoded blob : blobs) {
      Evidence inner = Evidence.of(TextViews.of(blob.text()), signals, model, budget, depth + 1);
      encoded = Math.max(encoded, inner.signals());
      clf = Math.max(clf, inner.classifier);
      for (int i = 0; i < s.length; i++) {
        if (i != encodedIndex) {
          s[i] = Math.max(s[i], inner.strengths[i]);
        }
      }
      encoded = Math.max(encoded, inner.strengths[encodedIndex]);
    }
    if (!blobs.isEmpty() && s[encodedIndex] >= 0.5) {
      s[encodedIndex] = Math.max(s[encodedIndex], 0.85); // "decode this and follow it" next to something decodable
    }
    s[encodedIndex] = Math.max(s[encodedIndex], encoded);

    int obf = Signals.ALL.indexOf(Signals.OBFUSCATION);
    s[obf] = Math.max(s[obf], Math.max(hiddenBy, hiding(fold)));
    return new Evidence(s, clf, found.mentioned());
  }

  /** Words of attacks that leetspeak is used to hide; a fold that yields none of them is not read again. */
  private static final Set<String> HIDDEN_WORDS = Set.of("ignore", "ignoring", "disregard", "forget", "override", "bypass",
      "instructions", "instruction", "rules", "guidelines", "prompt", "system", "reveal", "print", "previous", "prior",
      "above", "jailbreak", "jailbroken", "dan", "developer", "mode", "restrictions", "filters", "unfiltered", "uncensored",
      "secret", "password", "hidden", "disable", "enable", "pretend", "evil", "send", "directions", "directives", "safety",
      "policy", "refuse", "confidential", "admin", "unrestricted", "limits", "ethics");

  /** Whether reading leetspeak turned some word into a word of attacks (the fold keeps every character in place). */
  private static boolean foldedIntoTrigger(String lower, String leet, Signals signals) {
    int n = leet.length();
    // words before the first changed character are unchanged, so not looked at
    int i = 0;
    while (i < n && leet.charAt(i) == lower.charAt(i)) {
      i++;
    }
    while (i > 0 && Chars.isLetter(leet.charAt(i - 1))) {
      i--;
    }
    while (i < n) {
      if (!Chars.isLetter(leet.charAt(i))) {
        i++;
        continue;
      }
      int end = i;
      boolean changed = false;
      while (end < n && Chars.isLetter(leet.charAt(end))) {
        changed |= leet.charAt(end) != lower.charAt(end);
        end++;
      }
      if (changed && HIDDEN_WORDS.contains(leet.substring(i, end)) && signals.isTrigger(leet.substring(i, end))) {
        return true;
      }
      i = end;
    }
    return false;
  }


  /** How strongly the Unicode tricks of the text say it hides something. */
  private static double hiding(UnicodeFold.Folded f) {
    double h = 0;
    if (f.hiddenInWords() > 0) {
      h = Math.max(h, f.hiddenInWords() >= 3 ? 1 : 0.6);
    }
    if (f.bidiControls() > 0) {
      h = Math.max(h, 0.8);
    }
    if (f.tagCharacters() > 0) {
      h = Math.max(h, f.tagCharacters() >= 4 ? 1 : 0.5);
    }
    if (f.confusableWords() > 0) {
      h = Math.max(h, f.confusableWords() >= 2 ? 1 : 0.6);
    }
    if (f.styledLetters() >= 4) {
      h = Math.max(h, 0.6);
    }
    return h;
  }

  /** The noisy-or of the signals apart from obfuscation: how likely one of them is right. */
  double signals() {
    double none = 1;
    int obf = Signals.ALL.indexOf(Signals.OBFUSCATION);
    for (int i = 0; i < strengths.length; i++) {
      if (i != obf) {
        none *= 1 - strengths[i];
      }
    }
    return 1 - none;
  }

  double[] features() {
    double h = signals();
    double c = Logistic.logit(classifier);
    return new double[] {Logistic.logit(0.02 + 0.96 * h), Math.max(0, c), Math.min(0, c) * (1 - h),
        strengths[Signals.ALL.indexOf(Signals.OBFUSCATION)], mentioned ? 1 : 0};
  }

  /** The names of the signals at least {@code threshold} strong, in report order. */
  List<String> names(double threshold) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < strengths.length; i++) {
      if (strengths[i] >= threshold) {
        out.add(Signals.ALL.get(i));
      }
    }
    return out;
  }
}
