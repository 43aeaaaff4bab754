package dev.warden.engine.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.engine.detect.Detectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Detector quality on the labelled sets may not get worse than the figures recorded in
 * src/test/resources/eval/recorded.tsv, and must meet the issue's targets. After a deliberate
 * improvement, record the new figures with {@code -Dwarden.eval.record=true}.
 */
class DetectorQualityTest {
  private static final Path DATA = Path.of("src/test/resources/eval");
  private static final Path RECORDED = DATA.resolve("recorded.tsv");
  /** The recorded figures have six decimals. */
  private static final double EPSILON = 1e-6;

  @Test
  void noFigureIsWorseThanRecordedAndTargetsHold() throws IOException {
    Quality.Report report = Quality.measure(DATA, Detectors.standard());
    System.out.println(report.table());
    if (Boolean.getBoolean("warden.eval.record")) {
      StringBuilder out = new StringBuilder("# set/type\tprecision\trecall\tf1\tfpr  (written by DetectorQualityTest)\n");
      for (Score s : report.scores()) {
        out.append(String.format(Locale.ROOT, "%s\t%.6f\t%.6f\t%.6f\t%.6f%n", s.key(), s.precision(), s.recall(), s.f1(),
            s.falsePositiveRate()));
      }
      Files.writeString(RECORDED, out.toString(), StandardCharsets.UTF_8);
    }
    Map<String, Score> now = new LinkedHashMap<>();
    report.scores().forEach(s -> now.put(s.key(), s));
    List<String> worse = new ArrayList<>();
    for (String line : Files.readAllLines(RECORDED, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] c = line.split("\t");
      Score s = now.get(c[0]);
      if (s == null) {
        worse.add(c[0] + " is no longer measured");
        continue;
      }
      compare(worse, c[0], "precision", s.precision(), Double.parseDouble(c[1]), true);
      compare(worse, c[0], "recall", s.recall(), Double.parseDouble(c[2]), true);
      compare(worse, c[0], "f1", s.f1(), Double.parseDouble(c[3]), true);
      compare(worse, c[0], "fpr", s.falsePositiveRate(), Double.parseDouble(c[4]), false);
    }
    assertEquals(List.of(), worse, "figures worse than recorded");
    for (Score s : report.scores()) {
      switch (s.set()) {
        case "pii", "secrets" -> assertTrue(s.f1() >= 0.95, s.key() + " F1 " + s.f1() + " < 0.95");
        case "ner" -> assertTrue(s.f1() >= 0.80, s.key() + " F1 " + s.f1() + " < 0.80");
        case "injection" -> assertTrue(s.recall() >= 0.90 && s.falsePositiveRate() <= 0.03,
            s.key() + " recall " + s.recall() + ", fpr " + s.falsePositiveRate());
        case "safety" -> assertTrue(s.f1() >= 0.80, s.key() + " F1 " + s.f1() + " < 0.80");
        default -> { }
      }
    }
  }

  private static void compare(List<String> worse, String key, String what, double now, double recorded,
      boolean higherIsBetter) {
    boolean isWorse = higherIsBetter ? now < recorded - EPSILON : now > recorded + EPSILON;
    if (isWorse) {
      worse.add(String.format(Locale.ROOT, "%s %s %.4f, recorded %.4f", key, what, now, recorded));
    }
  }
}
