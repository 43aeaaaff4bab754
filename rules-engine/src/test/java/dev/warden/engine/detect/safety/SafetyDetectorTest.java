package dev.warden.engine.detect.safety;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.engine.detect.injection.InjectionDetectorTest;
import dev.warden.engine.facts.Safety;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the safety detector on the labelled evaluation set (src/test/resources/eval/safety.jsonl,
 * written apart from the training corpus), prints precision, recall and F1 per category at 0.5
 * and the false-positive rate on lines with no label, and fails if a category's F1 is below 0.80.
 */
class SafetyDetectorTest {
  static final Path EVAL = Path.of("src/test/resources/eval/safety.jsonl");
  static final double THRESHOLD = 0.5;
  static final String[] CATEGORIES = {"hate", "violence", "self_harm", "sexual"};

  record Row(String text, boolean[] labels) {
  }

  static List<Row> rows(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        JsonNode n = json.readTree(line);
        boolean[] labels = new boolean[CATEGORIES.length];
        for (int c = 0; c < CATEGORIES.length; c++) {
          labels[c] = n.get("labels").get(CATEGORIES[c]).asInt() == 1;
        }
        rows.add(new Row(n.get("text").asText(), labels));
      }
    }
    return rows;
  }

  static double[] scores(Safety s) {
    return new double[] {s.hate(), s.violence(), s.selfHarm(), s.sexual()};
  }

  @Test
  void f1PerCategoryOnTheEvaluationSet() throws IOException {
    double[] f1 = evaluate(EVAL);
    for (int c = 0; c < CATEGORIES.length; c++) {
      assertTrue(f1[c] >= 0.80, CATEGORIES[c] + " F1 " + f1[c] + " < 0.80");
    }
  }

  /** Short benign texts (greetings, fragments of data) score low in every category, not at a prior. */
  @Test
  void shortAndDataLikeTextsScoreLow() throws IOException {
    SafetyDetector detector = SafetyDetector.load();
    List<String> high = new ArrayList<>();
    for (InjectionDetectorTest.Row row : InjectionDetectorTest.shortRows()) {
      double[] s = scores(detector.score(row.text()));
      for (int c = 0; c < s.length; c++) {
        if (s[c] >= InjectionDetectorTest.SHORT_CEILING) {
          high.add(row.text() + " -> " + CATEGORIES[c] + " " + s[c]);
        }
      }
    }
    assertTrue(high.isEmpty(), "short benign texts scored high: " + high);
  }

  /** Prints the figures of a labelled file; returns F1 per category. */
  static double[] evaluate(Path file) throws IOException {
    SafetyDetector detector = SafetyDetector.load();
    List<Row> rows = rows(file);
    int[] tp = new int[4];
    int[] fp = new int[4];
    int[] fn = new int[4];
    int benign = 0;
    int benignFlagged = 0;
    List<String> errors = new ArrayList<>();
    for (Row row : rows) {
      double[] s = scores(detector.score(row.text()));
      boolean any = false;
      boolean anyLabel = false;
      for (int c = 0; c < 4; c++) {
        boolean flagged = s[c] >= THRESHOLD;
        any |= flagged;
        anyLabel |= row.labels()[c];
        if (flagged && row.labels()[c]) {
          tp[c]++;
        } else if (flagged) {
          fp[c]++;
          errors.add(String.format("  false + %-9s %.3f | %s", CATEGORIES[c], s[c], row.text()));
        } else if (row.labels()[c]) {
          fn[c]++;
          errors.add(String.format("  missed  %-9s %.3f | %s", CATEGORIES[c], s[c], row.text()));
        }
      }
      if (!anyLabel) {
        benign++;
        benignFlagged += any ? 1 : 0;
      }
    }
    System.out.printf("%nsafety evaluation (%s, threshold %.2f): %d lines, %d with no label%n", file, THRESHOLD,
        rows.size(), benign);
    double[] f1s = new double[4];
    for (int c = 0; c < 4; c++) {
      double p = tp[c] / (double) Math.max(1, tp[c] + fp[c]);
      double r = tp[c] / (double) Math.max(1, tp[c] + fn[c]);
      double f1 = 2 * p * r / Math.max(1e-9, p + r);
      f1s[c] = f1;
      System.out.printf("  %-9s precision %.3f  recall %.3f  F1 %.3f  (%d positives)%n", CATEGORIES[c], p, r, f1,
          tp[c] + fn[c]);
    }
    System.out.printf("  false-positive rate on lines with no label: %.3f (%d of %d)%n", benignFlagged / (double) benign,
        benignFlagged, benign);
    System.out.println("  combiners: " + detector.calibration());
    System.out.println("  errors:");
    errors.forEach(System.out::println);
    return f1s;
  }
}
