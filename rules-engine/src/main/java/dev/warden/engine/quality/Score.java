package dev.warden.engine.quality;

import java.util.Locale;

/**
 * The confusion counts of one detector output on one labelled set, and the figures that follow:
 * precision, recall, F1 and, where negatives are labelled, the false-positive rate.
 */
public record Score(String set, String name, int truePositives, int falsePositives, int falseNegatives,
    int trueNegatives) {

  public String key() {
    return set + "/" + name;
  }

  public double precision() {
    int predicted = truePositives + falsePositives;
    return predicted == 0 ? 1.0 : truePositives / (double) predicted;
  }

  public double recall() {
    int actual = truePositives + falseNegatives;
    return actual == 0 ? 1.0 : truePositives / (double) actual;
  }

  public double f1() {
    double p = precision();
    double r = recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** False positives over all labelled negatives; 0 for span sets, which label no negatives. */
  public double falsePositiveRate() {
    int negatives = falsePositives + trueNegatives;
    return !hasNegatives() || negatives == 0 ? 0 : falsePositives / (double) negatives;
  }

  /** Whether the set labels whole items as negative (prompts), so the false-positive rate means something. */
  public boolean hasNegatives() {
    return !Quality.SPAN_SETS.contains(set);
  }

  public String row() {
    return String.format(Locale.ROOT, "%-10s %-14s %9.3f %7.3f %6.3f %7s %5d %5d %5d", set, name, precision(), recall(),
        f1(), hasNegatives() ? String.format(Locale.ROOT, "%.3f", falsePositiveRate()) : "-", truePositives,
        falsePositives, falseNegatives);
  }

  public static String header() {
    return String.format(Locale.ROOT, "%-10s %-14s %9s %7s %6s %7s %5s %5s %5s", "set", "type", "precision", "recall",
        "f1", "fpr", "tp", "fp", "fn");
  }
}
