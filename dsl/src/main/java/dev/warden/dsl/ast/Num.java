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

  /** The value when it is a whole number in [min, max]; empty otherwise (no silent wrap-around). */
  public java.util.OptionalLong wholeIn(long min, long max) {
    if (!isInteger() || value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
      return java.util.OptionalLong.empty();
    }
    return java.util.OptionalLong.of(value.longValueExact());
  }
}
