package dev.warden.dsl.ast;

import dev.warden.dsl.source.Span;
import java.util.Objects;

/** One side of a comparison: a literal, a path into the facts, or an entity count. */
public sealed interface Operand extends Node permits Literal, Operand.PathRef, Operand.Count {

  /** A path such as {@code principal.team}, or a bare name such as a list's. */
  record PathRef(Path path) implements Operand {
    public PathRef {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public Span span() {
      return path.span();
    }
  }

  /** {@code count(prompt, CREDIT_CARD)}. */
  record Count(Ident target, Ident entity, Span span) implements Operand {
    public Count {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(entity, "entity");
    }
  }
}
