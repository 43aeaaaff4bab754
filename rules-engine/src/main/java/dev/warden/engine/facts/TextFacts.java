package dev.warden.engine.facts;

import dev.warden.dsl.ast.CompareOp;
import dev.warden.dsl.text.Fold;
import dev.warden.engine.detect.Detection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A text rules can look at ({@code prompt}, {@code system}, {@code response}): the text, its
 * token and message counts, and what the detectors found in it. Entity tests are answered
 * from a per-type summary built once, so a rule costs a map lookup, not a scan.
 */
public class TextFacts {
  private final String text;
  private final double tokens;
  private final double messages;
  private final List<Detection> detections;
  private final Map<String, Summary> byType;
  private final EntityTypes types;
  private Map<String, Map<String, Summary>> byPack;
  private String folded;

  /** Detections of one type: how many pass the type's threshold, and the best score. */
  private record Summary(int passing, double max, double[] scores) {}

  /**
   * @param types each entity type's default threshold (the entity's own score) and the packs'
   *     allow-lists
   */
  public TextFacts(String text, double tokens, double messages, List<Detection> detections, EntityTypes types) {
    this.text = Objects.requireNonNull(text, "text");
    this.tokens = tokens;
    this.messages = messages;
    this.detections = List.copyOf(detections);
    this.types = Objects.requireNonNull(types, "types");
    this.byType = summarise(this.detections, types);
  }

  public static TextFacts empty() {
    return new TextFacts("", 0, 0, List.of(), EntityTypes.PLAIN);
  }

  private static Map<String, Summary> summarise(List<Detection> detections, EntityTypes types) {
    if (detections.isEmpty()) {
      return Map.of();
    }
    Map<String, java.util.List<Double>> scores = new HashMap<>();
    for (Detection d : detections) {
      scores.computeIfAbsent(d.type(), k -> new java.util.ArrayList<>()).add(d.score());
    }
    Map<String, Summary> summary = new HashMap<>();
    scores.forEach((type, list) -> {
      double t = types.threshold(type);
      double[] arr = list.stream().mapToDouble(Double::doubleValue).toArray();
      int passing = 0;
      double max = 0;
      for (double s : arr) {
        if (s >= t) {
          passing++;
        }
        max = Math.max(max, s);
      }
      summary.put(type, new Summary(passing, max, arr));
    });
    return Map.copyOf(summary);
  }

  /** The summary as a pack with allow-lists sees it: its allowed values are not detections. */
  private Map<String, Summary> seenBy(String pack) {
    if (byPack == null) {
      byPack = new HashMap<>();
    }
    return byPack.computeIfAbsent(pack, p -> summarise(detections.stream()
        .filter(d -> !types.allows(p, d.type(), text.substring(d.start(), d.end()))).toList(), types));
  }

  public String getText() {
    return text;
  }

  public double getTokens() {
    return tokens;
  }

  public double getMessages() {
    return messages;
  }

  public List<Detection> getDetections() {
    return detections;
  }

  /** {@code prompt contains TYPE}: a detection of the type at or above its threshold. */
  public boolean has(String type) {
    Summary s = byType.get(type);
    return s != null && s.passing > 0;
  }

  /** {@code prompt contains TYPE} in a rule of a pack that allows some values of TYPE. */
  public boolean has(String type, String pack) {
    Summary s = seenBy(pack).get(type);
    return s != null && s.passing > 0;
  }

  /** {@code count(prompt, TYPE)} in a rule of a pack that allows some values of TYPE. */
  public double count(String type, String pack) {
    Summary s = seenBy(pack).get(type);
    return s == null ? 0 : s.passing;
  }

  /** {@code prompt contains TYPE with score OP t} in a rule of a pack that allows some values of TYPE. */
  public boolean hasScore(String type, String op, double t, String pack) {
    return anyScore(seenBy(pack).get(type), op, t);
  }

  /** {@code prompt contains TYPE with score OP t}: some detection's score satisfies the test. */
  public boolean hasScore(String type, String op, double t) {
    return anyScore(byType.get(type), op, t);
  }

  private static boolean anyScore(Summary s, String op, double t) {
    if (s == null) {
      return false;
    }
    CompareOp cmp = CompareOp.ofSymbol(op);
    for (double score : s.scores) {
      if (cmp.test(Double.compare(score, t))) {
        return true;
      }
    }
    return false;
  }

  /** {@code count(prompt, TYPE)}: detections of the type at or above its threshold. */
  public double count(String type) {
    Summary s = byType.get(type);
    return s == null ? 0 : s.passing;
  }

  /** The highest score of any detection of the type, 0 when none. */
  public double maxScore(String type) {
    Summary s = byType.get(type);
    return s == null ? 0 : s.max;
  }

  /** {@code prompt.text contains "x"} with x folded at compile time. */
  public boolean containsFolded(String foldedNeedle) {
    if (folded == null) {
      folded = Fold.fold(text);
    }
    return folded.contains(foldedNeedle);
  }

  /** {@code prompt.text contains <path>}: the needle is folded here. */
  public boolean containsText(String needle) {
    return containsFolded(Fold.fold(needle));
  }
}
