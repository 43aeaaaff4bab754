package dev.warden.engine.quality;

import dev.warden.engine.detect.Detection;
import dev.warden.engine.detect.DetectorSuite;
import dev.warden.engine.detect.Detectors;
import dev.warden.engine.detect.TextScanner;
import dev.warden.engine.facts.Safety;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Measures the detectors on the project's labelled sets: exact-span precision, recall and F1
 * per entity type ({@code pii.jsonl}, {@code secrets.jsonl}, {@code ner.jsonl}), recall and
 * false-positive rate of the injection score at {@link #THRESHOLD} ({@code injection.jsonl}),
 * and per safety category ({@code safety.jsonl}). Sets that are absent, or whose detector is
 * not in the build, are listed as skipped.
 */
public final class Quality {
  /** The score at which injection and safety count as detected. */
  public static final double THRESHOLD = 0.5;
  static final List<String> SPAN_SETS = List.of("pii", "secrets", "ner");

  private Quality() {}

  /** The figures, and what could not be measured and why. */
  public record Report(List<Score> scores, List<String> skipped) {
    public Report {
      scores = List.copyOf(scores);
      skipped = List.copyOf(skipped);
    }

    public String table() {
      StringBuilder b = new StringBuilder(Score.header()).append('\n');
      scores.forEach(s -> b.append(s.row()).append('\n'));
      skipped.forEach(s -> b.append("skipped: ").append(s).append('\n'));
      return b.toString();
    }
  }

  public static Report measure(Path dataDir, Detectors models) throws IOException {
    TextScanner scanner = new TextScanner(DetectorSuite.all(Map.of(), models));
    List<Score> scores = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (String set : SPAN_SETS) {
      Path file = dataDir.resolve(set + ".jsonl");
      if (!Files.exists(file)) {
        skipped.add(set + " (no " + file + ")");
        continue;
      }
      scores.addAll(spans(set, Labelled.spans(file), scanner));
    }
    Path injection = dataDir.resolve("injection.jsonl");
    if (!Files.exists(injection)) {
      skipped.add("injection (no " + injection + ")");
    } else if (models.injection().isEmpty()) {
      skipped.add("injection (no injection detector in this build)");
    } else {
      int tp = 0;
      int fp = 0;
      int fn = 0;
      int tn = 0;
      for (Labelled.PromptLine p : Labelled.prompts(injection)) {
        boolean flagged = models.injection().get().score(p.text()).score() >= THRESHOLD;
        if (p.injection()) {
          tp += flagged ? 1 : 0;
          fn += flagged ? 0 : 1;
        } else {
          fp += flagged ? 1 : 0;
          tn += flagged ? 0 : 1;
        }
      }
      scores.add(new Score("injection", "injection", tp, fp, fn, tn));
    }
    Path safety = dataDir.resolve("safety.jsonl");
    if (!Files.exists(safety)) {
      skipped.add("safety (no " + safety + ")");
    } else if (models.safety().isEmpty()) {
      skipped.add("safety (no safety detector in this build)");
    } else {
      scores.addAll(safety(Labelled.safety(safety), models));
    }
    return new Report(scores, skipped);
  }

  private static List<Score> spans(String set, List<Labelled.SpanLine> lines, TextScanner scanner) {
    Set<String> types = new LinkedHashSet<>();
    lines.forEach(l -> l.entities().forEach(e -> types.add(e.type())));
    Map<String, int[]> counts = new TreeMap<>();
    types.forEach(t -> counts.put(t, new int[3]));
    for (Labelled.SpanLine line : lines) {
      Set<Labelled.Span> expected = new HashSet<>(line.entities());
      TextScanner.Scan scan = scanner.scan(line.text(), false);
      Set<Labelled.Span> found = new HashSet<>();
      for (Detection d : scan.entities()) {
        if (types.contains(d.type())) {
          found.add(new Labelled.Span(d.type(), scan.codePoint(d.start()), scan.codePoint(d.end())));
        }
      }
      for (Labelled.Span s : found) {
        counts.get(s.type())[expected.contains(s) ? 0 : 1]++;
      }
      for (Labelled.Span s : expected) {
        if (!found.contains(s)) {
          counts.get(s.type())[2]++;
        }
      }
    }
    List<Score> scores = new ArrayList<>();
    counts.forEach((type, c) -> scores.add(new Score(set, type, c[0], c[1], c[2], 0)));
    return scores;
  }

  private static List<Score> safety(List<Labelled.SafetyLine> lines, Detectors models) {
    Map<String, int[]> counts = new TreeMap<>();
    for (Labelled.SafetyLine line : lines) {
      Safety s = models.safety().get().score(line.text());
      Map<String, Double> got = Map.of("hate", s.hate(), "violence", s.violence(), "self_harm", s.selfHarm(),
          "sexual", s.sexual());
      line.labels().forEach((category, positive) -> {
        int[] c = counts.computeIfAbsent(category, k -> new int[4]);
        boolean flagged = got.getOrDefault(category, 0.0) >= THRESHOLD;
        c[positive ? (flagged ? 0 : 2) : (flagged ? 1 : 3)]++;
      });
    }
    List<Score> scores = new ArrayList<>();
    counts.forEach((category, c) -> scores.add(new Score("safety", category, c[0], c[1], c[2], c[3])));
    return scores;
  }
}
