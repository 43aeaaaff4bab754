package dev.warden.engine.eval;

import dev.warden.dsl.model.Msg;
import dev.warden.dsl.schema.Field;
import dev.warden.engine.facts.Facts;
import java.util.List;
import java.util.Locale;

/** Fills a message's {@code ${path}} parts from the facts. */
final class Messages {
  private Messages() {}

  static String render(Msg msg, Facts facts) {
    StringBuilder b = new StringBuilder();
    for (Msg.Piece p : msg.pieces()) {
      switch (p) {
        case Msg.Lit l -> b.append(l.text());
        case Msg.Ref r -> {
          Object v = facts.read(r.path());
          b.append(format(v));
          if (r.path().field() == Field.BUDGET_USED && v != null) {
            b.append('%');
          }
        }
      }
    }
    return b.toString();
  }

  static String format(Object v) {
    return switch (v) {
      case null -> "(not set)";
      case Double d when d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15 -> Long.toString(d.longValue());
      case Double d -> String.format(Locale.ROOT, "%.2f", d);
      case List<?> l -> String.join(", ", l.stream().map(String::valueOf).toList());
      default -> String.valueOf(v);
    };
  }
}
