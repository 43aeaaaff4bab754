package dev.warden.engine.detect;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An entity found by RE2/J patterns: each match (or its first group, when the pattern has
 * one) that passes the validator becomes a detection at the base score, raised by context
 * words. Used for the built-in structured types and for pack-defined {@code pattern} and
 * {@code terms} entities.
 */
public final class PatternDetector implements Detector {
  private final String type;
  private final String name;
  private final List<Pattern> patterns;
  private final Predicate<String> validator;
  private final double base;
  private final Context context;
  private final List<Anchors> anchors;
  private final java.util.Set<String> gate;
  private final List<GroupBounds> bounds;

  /** A detector that searches the whole text with each pattern. */
  public PatternDetector(String type, String name, List<Pattern> patterns, Predicate<String> validator, double base,
      Context context) {
    this(type, name, patterns, validator, base, context, patterns.stream().map(p -> Anchors.EVERYWHERE).toList());
  }

  /** A detector that searches each pattern only in the windows of its anchors (see {@link Anchors}). */
  public PatternDetector(String type, String name, List<Pattern> patterns, Predicate<String> validator, double base,
      Context context, List<Anchors> anchors) {
    this(type, name, patterns, validator, base, context, anchors, List.of());
  }

  /**
   * A detector that only looks at texts holding one of the {@code gate} words (lower case), for
   * types that never reach their threshold without such a word (a date of birth needs "born",
   * "DOB", ...) and for patterns that cannot match without one ({@link RequiredLiterals}).
   */
  public PatternDetector(String type, String name, List<Pattern> patterns, Predicate<String> validator, double base,
      Context context, List<Anchors> anchors, List<String> gate) {
    this(type, name, patterns, validator, base, context, anchors, gate,
        patterns.stream().map(p -> GroupBounds.RE2J).toList());
  }

  /** The same, group 1 of each pattern's matches read off the match by its {@link GroupBounds}. */
  PatternDetector(String type, String name, List<Pattern> patterns, Predicate<String> validator, double base,
      Context context, List<Anchors> anchors, List<String> gate, List<GroupBounds> bounds) {
    this.type = Objects.requireNonNull(type, "type");
    this.name = Objects.requireNonNull(name, "name");
    this.patterns = List.copyOf(patterns);
    this.validator = Objects.requireNonNull(validator, "validator");
    this.base = base;
    this.context = Objects.requireNonNull(context, "context");
    this.anchors = List.copyOf(anchors);
    if (this.anchors.size() != this.patterns.size()) {
      throw new IllegalArgumentException("one anchor per pattern");
    }
    this.gate = java.util.Set.copyOf(gate);
    this.bounds = List.copyOf(bounds);
    if (this.bounds.size() != this.patterns.size()) {
      throw new IllegalArgumentException("one bounds per pattern");
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<String> types() {
    return Set.of(type);
  }

  public double baseScore() {
    return base;
  }

  @Override
  public void detect(String text, List<Detection> out) {
    detect(new TextMemo(text), out);
  }

  @Override
  public void detect(TextMemo memo, List<Detection> out) {
    String text = memo.text();
    if (!gate.isEmpty() && !RequiredLiterals.mayMatch(gate, text, memo.lowerCase())) {
      return;
    }
    for (int i = 0; i < patterns.size(); i++) {
      Finds.each(patterns.get(i), memo, anchors.get(i), bounds.get(i), (start, end) -> {
        if (validator.test(text.substring(start, end))) {
          out.add(new Detection(type, start, end, context.score(text, start, end, base), name));
        }
      });
    }
  }
}
