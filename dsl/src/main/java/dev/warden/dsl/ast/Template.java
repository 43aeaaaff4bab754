package dev.warden.dsl.ast;

import dev.warden.dsl.source.Span;
import java.util.List;
import java.util.Objects;

/** A message string with {@code ${path}} interpolations, split into parts. */
public record Template(String raw, List<Part> parts, Span span) implements Node {
  public Template {
    Objects.requireNonNull(raw, "raw");
    parts = List.copyOf(parts);
    Objects.requireNonNull(span, "span");
  }

  /** A piece of a template: literal text or a path to interpolate. */
  public sealed interface Part permits Text, Value {}

  public record Text(String text) implements Part {
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  public record Value(Path path) implements Part {
    public Value {
      Objects.requireNonNull(path, "path");
    }
  }

  public boolean isConstant() {
    return parts.stream().allMatch(p -> p instanceof Text);
  }
}
