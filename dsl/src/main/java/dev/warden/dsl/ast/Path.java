package dev.warden.dsl.ast;

import dev.warden.dsl.source.Span;
import java.util.List;
import java.util.Objects;

/**
 * A path into the facts, as written: {@code principal.team}, {@code request.tags["k"]},
 * {@code budget(team).used}. The checker resolves it against the schema.
 */
public record Path(List<Segment> segments, Span span) implements Node {
  public Path {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("empty path");
    }
    Objects.requireNonNull(span, "span");
  }

  /** One step of a path. */
  public sealed interface Segment permits Field, Key, Call {
    Span span();
  }

  /** {@code .name} (or the first name). */
  public record Field(String name, Span span) implements Segment {}

  /** {@code ["key"]}. */
  public record Key(String key, Span span) implements Segment {}

  /** {@code name(arg)}, as in {@code budget(team)}. */
  public record Call(String name, String arg, Span span) implements Segment {}

  /** The path as the user would write it. */
  public String text() {
    StringBuilder b = new StringBuilder();
    for (Segment s : segments) {
      switch (s) {
        case Field f -> {
          if (!b.isEmpty()) {
            b.append('.');
          }
          b.append(f.name());
        }
        case Key k -> b.append("[\"").append(k.key().replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
        case Call c -> {
          if (!b.isEmpty()) {
            b.append('.');
          }
          b.append(c.name()).append('(').append(c.arg()).append(')');
        }
      }
    }
    return b.toString();
  }

  /** Whether this is a single bare name, e.g. {@code prompt} or a list name. */
  public boolean isBareName() {
    return segments.size() == 1 && segments.getFirst() instanceof Field;
  }

  public String firstName() {
    return switch (segments.getFirst()) {
      case Field f -> f.name();
      case Call c -> c.name();
      case Key k -> k.key();
    };
  }
}
