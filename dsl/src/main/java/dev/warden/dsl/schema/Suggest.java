package dev.warden.dsl.schema;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the known name nearest to a typo (optimal string alignment distance). */
public final class Suggest {
  private Suggest() {}

  /** The nearest candidate within a distance that still reads as a typo, if any. */
  public static Optional<String> nearest(String typo, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String t = typo.toLowerCase(Locale.ROOT);
    for (String c : candidates) {
      int d = distance(t, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    int allowed = Math.max(2, Math.min(typo.length(), best.length()) / 3);
    return bestDistance <= allowed && bestDistance > 0 || (bestDistance == 0 && !best.equals(typo))
        ? Optional.of(best)
        : Optional.empty();
  }

  /** Edit distance counting insertions, deletions, substitutions and adjacent transpositions. */
  static int distance(String a, String b) {
    if (a.length() > 200 || b.length() > 200) {
      return Integer.MAX_VALUE / 2;
    }
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[a.length()][b.length()];
  }
}
