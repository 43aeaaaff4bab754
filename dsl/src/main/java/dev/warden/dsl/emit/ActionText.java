package dev.warden.dsl.emit;

import dev.warden.dsl.ast.Literal;
import dev.warden.dsl.model.Act;
import dev.warden.dsl.model.Enums;
import java.util.stream.Collectors;

/** An action in the policy language's own words, for DRL comments, traces and explanations. */
public final class ActionText {
  private ActionText() {}

  public static String of(Act a) {
    return switch (a) {
      case Act.Block b -> "block " + b.status() + b.message().map(m -> " " + Literal.quote(m.source())).orElse("");
      case Act.Redact r -> "redact " + (r.all() ? "all" : String.join(", ", r.types())) + " using "
          + Enums.word(r.op());
      case Act.RouteTo r -> "route to " + r.models().stream().map(Literal::quote).collect(Collectors.joining(", "));
      case Act.RouteWhere r -> "route" + r.where().map(w -> " where " + CondText.of(w)).orElse("")
          + r.prefer().map(p -> " prefer " + Enums.word(p)).orElse("");
      case Act.Downgrade d -> "downgrade to " + d.models().stream().map(Literal::quote).collect(Collectors.joining(", "));
      case Act.Warn w -> "warn " + Literal.quote(w.message().source());
      case Act.Limit l -> "limit " + Enums.word(l.scope()) + " to " + l.amount() + " " + Enums.word(l.unit()) + " per "
          + Enums.word(l.per());
      case Act.Tag t -> "tag " + Literal.quote(t.key()) + " = " + Literal.quote(t.value().source());
      case Act.Log l -> "log " + Enums.word(l.level());
    };
  }
}
