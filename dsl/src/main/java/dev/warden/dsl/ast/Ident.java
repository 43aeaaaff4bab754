package dev.warden.dsl.ast;

import dev.warden.dsl.source.Span;
import java.util.Objects;

/** A name: an entity type, group, list, option value or path segment. */
public record Ident(String name, Span span) implements Node {
  public Ident {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(span, "span");
  }
}
