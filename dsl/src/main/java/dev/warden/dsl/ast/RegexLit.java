package dev.warden.dsl.ast;

import dev.warden.dsl.source.Span;
import java.util.Objects;

/** A regular expression literal {@code /pattern/flags}; the pattern as written between the slashes. */
public record RegexLit(String pattern, String flags, Span span) implements Node {
  public RegexLit {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(flags, "flags");
    Objects.requireNonNull(span, "span");
  }

  public boolean caseInsensitive() {
    return flags.indexOf('i') >= 0;
  }

  /** The literal as written. */
  public String source() {
    return "/" + pattern + "/" + flags;
  }
}
