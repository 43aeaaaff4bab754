package dev.warden.engine.detect.injection;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.engine.facts.Injection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Runs the injection detector on the labelled evaluation set (src/test/resources/eval/injection.jsonl,
 * written apart from the training corpus), prints recall, precision, F1 and the false-positive
 * rate at 0.5 with a breakdown by category, and fails below recall 0.90 or above FPR 0.03.
 */
public class InjectionDetectorTest {
  static final Path EVAL = Path.of("src/test/resources/eval/injection.jsonl");
  static final double THRESHOLD = 0.5;

  public record Row(String text, boolean injection, String category) {
  }

  static List<Row> rows() throws IOException {
    return rows(EVAL);
  }

  static List<Row> rows(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        JsonNode n = json.readTree(line);
        rows.add(new Row(n.get("text").asText(), n.get("label").asText().equals("injection"), n.get("category").asText()));
      }
    }
    return rows;
  }

  /** Figures at the threshold: recall, precision, F1, false-positive rate. */
  record Figures(double recall, double precision, double f1, double fpr) {
  }

  @Test
  void recallAndFalsePositiveRateOnTheEvaluationSet() throws IOException {
    Figures f = evaluate(EVAL);
    assertTrue(f.recall() >= 0.90, "injection recall " + f.recall() + " < 0.90");
    assertTrue(f.fpr() <= 0.03, "false-positive rate on benign prompts " + f.fpr() + " > 0.03");
  }

  /**
   * Greetings, one-word replies, fragments of JSON, code or data carry no evidence of an attack:
   * they score near zero, not at the classifier's midpoint (they once scored up to 0.55, "Same
   * as before." 0.96). The shipped packs warn from 0.6; this leaves a wide margin.
   */
  @Test
  void shortAndDataLikeTextsScoreLow() throws IOException {
    InjectionDetector detector = InjectionDetector.load();
    List<String> high = new ArrayList<>();
    for (Row row : shortRows()) {
      double score = detector.score(row.text()).score();
      if (score >= SHORT_CEILING) {
        high.add(row.text() + " -> " + score);
      }
    }
    assertTrue(high.isEmpty(), "short benign texts scored " + SHORT_CEILING + " or more: " + high);
  }

  /** The score no short benign text of the evaluation set may reach. */
  public static final double SHORT_CEILING = 0.35;

  /** The evaluation set's short benign texts (category "short"), shared with the safety test. */
  public static List<Row> shortRows() throws IOException {
    List<Row> out = rows().stream().filter(r -> r.category().equals("short")).toList();
    assertTrue(out.size() >= 20, "the evaluation set lost its short texts");
    return out;
  }

  static Figures evaluate(Path file) throws IOException {
    InjectionDetector detector = InjectionDetector.load();
    List<Row> rows = rows(file);
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int tn = 0;
    int benignLow = 0;
    int attackHigh = 0;
    Map<String, int[]> byCategory = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    for (Row row : rows) {
      Injection result = detector.score(row.text());
      boolean flagged = result.score() >= THRESHOLD;
      String family = row.category().split(":")[0];
      int[] c = byCategory.computeIfAbsent((row.injection() ? "injection/" : "benign/") + family, k -> new int[2]);
      c[1]++;
      if (flagged == row.injection()) {
        c[0]++;
      } else {
        errors.add(String.format("  %s %.3f %s %s | %s", row.injection() ? "missed " : "false +", result.score(),
            row.category(), result.signals(), row.text().replace("\n", "\\n")));
      }
      if (row.injection()) {
        if (flagged) {
          tp++;
        } else {
          fn++;
        }
        attackHigh += result.score() > 0.9 ? 1 : 0;
      } else {
        if (flagged) {
          fp++;
        } else {
          tn++;
        }
        benignLow += result.score() < 0.2 ? 1 : 0;
      }
    }
    double recall = tp / (double) (tp + fn);
    double precision = tp / (double) Math.max(1, tp + fp);
    double f1 = 2 * precision * recall / Math.max(1e-9, precision + recall);
    double fpr = fp / (double) (fp + tn);
    System.out.printf("%ninjection evaluation (%s, threshold %.2f): %d injections, %d benign%n", file, THRESHOLD,
        tp + fn, fp + tn);
    System.out.printf("  recall %.3f  precision %.3f  F1 %.3f  false-positive rate %.3f (%d of %d benign)%n", recall,
        precision, f1, fpr, fp, fp + tn);
    System.out.printf("  calibration: %.1f%% of benign prompts score < 0.2, %.1f%% of injections score > 0.9%n",
        100.0 * benignLow / (fp + tn), 100.0 * attackHigh / (tp + fn));
    System.out.println("  correct by category:");
    byCategory.forEach((k, v) -> System.out.printf("    %-40s %3d / %3d%n", k, v[0], v[1]));
    System.out.println("  combiner: " + detector.calibration());
    System.out.println("  errors:");
    errors.forEach(System.out::println);
    return new Figures(recall, precision, f1, fpr);
  }
}
