package dev.warden.dsl.emit;

import dev.warden.dsl.ast.Literal;
import dev.warden.dsl.model.Cond;
import dev.warden.dsl.model.Enums;
import dev.warden.dsl.model.Value;
import java.util.stream.Collectors;

/** A checked condition back in the policy language's words, for traces and explanations. */
public final class CondText {
  private CondText() {}

  public static String of(Cond c) {
    return switch (c) {
      case Cond.Const k -> Boolean.toString(k.value());
      case Cond.All a -> a.terms().stream().map(t -> wrap(t, Cond.Any.class)).collect(Collectors.joining(" and "));
      case Cond.Any a -> a.terms().stream().map(t -> wrap(t, Cond.All.class)).collect(Collectors.joining(" or "));
      case Cond.Not n -> "not (" + of(n.operand()) + ")";
      case Cond.Compare cmp -> value(cmp.left()) + " " + cmp.op().symbol() + " " + value(cmp.right());
      case Cond.InList in -> value(in.needle()) + (in.negated() ? " not in " : " in ")
          + in.items().stream().map(CondText::value).collect(Collectors.joining(", ", "[", "]"));
      case Cond.ListHas lh -> lh.negated() ? value(lh.element()) + " not in " + value(lh.list())
          : value(lh.list()) + " contains " + value(lh.element());
      case Cond.Match m -> value(m.subject()) + " matches /" + m.pattern() + "/" + (m.caseInsensitive() ? "i" : "");
      case Cond.TextContains tc -> value(tc.subject()) + " contains " + value(tc.needle());
      case Cond.Entity e -> Enums.word(e.target()) + " contains " + e.type()
          + e.score().map(s -> " with score " + s.op().symbol() + " " + s.threshold()).orElse("");
    };
  }

  private static String wrap(Cond c, Class<?> needsParens) {
    return needsParens.isInstance(c) ? "(" + of(c) + ")" : of(c);
  }

  private static String value(Value v) {
    return switch (v) {
      case Value.Const k -> switch (k.value()) {
        case String s -> Literal.quote(s);
        case Double d -> dev.warden.dsl.text.Numbers.plain(d);
        case java.util.List<?> l -> l.stream().map(x -> x instanceof String s ? Literal.quote(s) : String.valueOf(x))
            .collect(Collectors.joining(", ", "[", "]"));
        default -> String.valueOf(k.value());
      };
      case Value.Fact f -> f.path().text();
      case Value.Count k -> "count(" + Enums.word(k.target()) + ", " + k.entity() + ")";
    };
  }
}
