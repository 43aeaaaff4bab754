package dev.warden.dsl.ast;

import dev.warden.dsl.source.Span;
import java.math.BigDecimal;
import java.util.Objects;

/** A number literal, kept exact as written. */
public record Num(BigDecimal value, Span span) implements Node {
  public Num {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(span, "span");
  }

  public boolean isInteger() {
    return value.stripTrailingZeros().scale() <= 0;
  }
}
