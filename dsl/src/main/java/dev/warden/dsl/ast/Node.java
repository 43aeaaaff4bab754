package dev.warden.dsl.ast;

import dev.warden.dsl.source.Span;

/** Every AST node knows where it came from. */
public interface Node {
  Span span();
}
