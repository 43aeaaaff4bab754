package dev.warden.engine.text;

import dev.warden.dsl.text.Fold;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code response.system_overlap}: the share of the system prompt's word 4-grams that appear in
 * the answer, after folding case, Unicode forms and whitespace, so reformatting does not hide
 * an echo and a few changed words only lower the share a little.
 */
public final class Overlap {
  private static final int N = 4;
  private static final java.util.regex.Pattern NON_WORD = java.util.regex.Pattern.compile("[^\\p{L}\\p{N}]+");

  private Overlap() {}

  public static double share(String system, String answer) {
    List<String> s = words(system);
    if (s.isEmpty()) {
      return 0;
    }
    List<String> a = words(answer);
    if (s.size() < N) {
      Set<String> inAnswer = new HashSet<>(a);
      return s.stream().filter(inAnswer::contains).count() / (double) s.size();
    }
    Set<String> answerGrams = grams(a);
    Set<String> systemGrams = grams(s);
    long hit = systemGrams.stream().filter(answerGrams::contains).count();
    return hit / (double) systemGrams.size();
  }

  private static List<String> words(String text) {
    String folded = Fold.fold(text);
    return java.util.Arrays.stream(NON_WORD.split(folded)).filter(w -> !w.isEmpty()).toList();
  }

  private static Set<String> grams(List<String> words) {
    Set<String> g = new HashSet<>();
    for (int i = 0; i + N <= words.size(); i++) {
      g.add(String.join(" ", words.subList(i, i + N)));
    }
    return g;
  }
}
