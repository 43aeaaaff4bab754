package dev.warden.dsl.ast;

import dev.warden.dsl.source.Span;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** A constant value written in the source. */
public sealed interface Literal extends Operand permits Literal.StrLit, Literal.NumLit, Literal.BoolLit, Literal.ListLit {

  /** {@code "text"}. */
  record StrLit(String value, Span span) implements Literal {
    public StrLit {
      Objects.requireNonNull(value, "value");
    }
  }

  /** {@code 42}, {@code 0.85}, or {@code 80%} (the number 80, {@code percent} set). */
  record NumLit(BigDecimal value, boolean percent, Span span) implements Literal {
    public NumLit {
      Objects.requireNonNull(value, "value");
    }
  }

  record BoolLit(boolean value, Span span) implements Literal {}

  /** {@code ["a", "b"]}. */
  record ListLit(List<Literal> items, Span span) implements Literal {
    public ListLit {
      items = List.copyOf(items);
    }
  }

  /** The literal as it would be written. */
  static String show(Literal l) {
    return switch (l) {
      case StrLit s -> quote(s.value());
      case NumLit n -> n.value().toPlainString() + (n.percent() ? "%" : "");
      case BoolLit b -> Boolean.toString(b.value());
      case ListLit list -> list.items().stream().map(Literal::show).collect(Collectors.joining(", ", "[", "]"));
    };
  }

  /** A string in the language's own quoting. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.codePoints().forEach(cp -> {
      switch (cp) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> {
          if (cp < 0x20 || cp == 0x7f) {
            b.append("\\u{").append(Integer.toHexString(cp)).append('}');
          } else {
            b.appendCodePoint(cp);
          }
        }
      }
    });
    return b.append('"').toString();
  }
}
