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

  public PatternDetector(String type, String name, List<Pattern> patterns, Predicate<String> validator, double base,
      Context context) {
    this.type = Objects.requireNonNull(type, "type");
    this.name = Objects.requireNonNull(name, "name");
    this.patterns = List.copyOf(patterns);
    this.validator = Objects.requireNonNull(validator, "validator");
    this.base = base;
    this.context = Objects.requireNonNull(context, "context");
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
    for (Pattern p : patterns) {
      Finds.each(p, text, (start, end) -> {
        if (validator.test(text.substring(start, end))) {
          out.add(new Detection(type, start, end, context.score(text, start, end, base), name));
        }
      });
    }
  }
}
