package dev.warden.dsl.source;

import java.util.Objects;

/**
 * Where a piece of source text is: the file, the char offsets [start, end) and the 1-based
 * line and column (in code points) of its start. Every AST node and diagnostic carries one.
 */
public record Span(String file, int start, int end, int line, int column) {
  public Span {
    Objects.requireNonNull(file, "file");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span " + start + ".." + end);
    }
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("bad position " + line + ":" + column);
    }
  }

  /** A span for things that have no source text, such as built-ins. */
  public static Span synthetic(String what) {
    return new Span("<" + what + ">", 0, 0, 1, 1);
  }

  /** The smallest span that covers this one and {@code other} (same file). */
  public Span to(Span other) {
    if (!file.equals(other.file)) {
      return this;
    }
    Span first = other.start < start ? other : this;
    return new Span(file, Math.min(start, other.start), Math.max(end, other.end), first.line, first.column);
  }

  /** {@code file:line:col}, the form used in diagnostics, traces and DRL origins. */
  public String position() {
    return file + ":" + line + ":" + column;
  }

  @Override
  public String toString() {
    return position();
  }
}
