package dev.warden.dsl.model;

import dev.warden.dsl.source.Span;
import java.util.List;
import java.util.Objects;

/**
 * A checked {@code allow}: values of an entity type that the rules of {@code pack} do not
 * treat as that entity, neither in conditions nor in redaction. Exact values compare
 * case-insensitively after folding; patterns (RE2) are found anywhere in the detected value.
 */
public record AllowDef(String pack, String type, List<String> values, List<EntityDef.Pattern> patterns, Span span) {
  public AllowDef {
    Objects.requireNonNull(pack, "pack");
    Objects.requireNonNull(type, "type");
    values = List.copyOf(values);
    patterns = List.copyOf(patterns);
    Objects.requireNonNull(span, "span");
  }
}
