package dev.warden.dsl.model;

import dev.warden.dsl.source.Span;
import java.util.List;
import java.util.Objects;

/** A pack-defined entity type: patterns (RE2), dictionary terms, context words, base score and validator. */
public record EntityDef(String name, String pack, List<Pattern> patterns, List<String> terms, List<String> context,
    double score, Enums.Validator validator, Span span) {
  public EntityDef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pack, "pack");
    patterns = List.copyOf(patterns);
    terms = List.copyOf(terms);
    context = List.copyOf(context);
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(span, "span");
  }

  /** The base score of a custom entity when none is given. */
  public static final double DEFAULT_SCORE = 0.5;

  /** One pattern: RE2 syntax, case-insensitive when written with {@code /i}. */
  public record Pattern(String regex, boolean caseInsensitive) {
    public Pattern {
      Objects.requireNonNull(regex, "regex");
    }
  }

  /** Whether two packs define the entity the same way (and may share its name). */
  public boolean sameDefinition(EntityDef other) {
    return patterns.equals(other.patterns) && terms.equals(other.terms) && context.equals(other.context)
        && score == other.score && validator == other.validator;
  }
}
