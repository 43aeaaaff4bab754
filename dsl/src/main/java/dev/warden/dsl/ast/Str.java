package dev.warden.dsl.ast;

import dev.warden.dsl.source.Span;
import java.util.Objects;

/** A string literal, escapes decoded. */
public record Str(String value, Span span) implements Node {
  public Str {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(span, "span");
  }
}
