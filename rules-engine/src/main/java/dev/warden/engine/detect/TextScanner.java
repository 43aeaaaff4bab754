package dev.warden.engine.detect;

import dev.warden.engine.facts.Injection;
import dev.warden.engine.facts.Safety;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs every detector of a suite on one text: the entities (at their thresholds, or all with
 * {@code includeBelowThreshold}), the injection score and the safety scores when the suite has
 * those scorers. Offsets can be had in code points, as {@code warden scan} prints them.
 */
public final class TextScanner {
  private final DetectorSuite suite;

  public TextScanner(DetectorSuite suite) {
    this.suite = Objects.requireNonNull(suite, "suite");
  }

  /** What was found in one text. */
  public record Scan(String text, List<Detection> entities, Optional<Injection> injection, Optional<Safety> safety) {
    public Scan {
      entities = List.copyOf(entities);
    }

    /** A char offset of the text as a Unicode code point offset. */
    public int codePoint(int charOffset) {
      return text.codePointCount(0, charOffset);
    }
  }

  public Scan scan(String text, boolean includeBelowThreshold) {
    List<Detection> found = suite.scan(text);
    if (!includeBelowThreshold) {
      found = found.stream().filter(suite::passes).toList();
    }
    TextViews views = TextViews.of(text);
    return new Scan(text, found, suite.injection().map(s -> s.score(views)),
        suite.safety(dev.warden.dsl.model.Enums.Phase.REQUEST).map(s -> s.score(views)));
  }
}
