package dev.warden.dsl.check;

import dev.warden.dsl.ast.Action;
import dev.warden.dsl.ast.Ident;
import dev.warden.dsl.ast.Str;
import dev.warden.dsl.ast.Template;
import dev.warden.dsl.diag.Code;
import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.Diagnostics;
import dev.warden.dsl.model.Act;
import dev.warden.dsl.model.Cond;
import dev.warden.dsl.model.Enums;
import dev.warden.dsl.model.Msg;
import dev.warden.dsl.schema.FactPath;
import dev.warden.dsl.schema.Schema;
import dev.warden.dsl.schema.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Checks the {@code then} lines of a rule and turns them into {@link Act}s. */
final class ActionChecker {
  static final int DEFAULT_BLOCK_STATUS = 403;

  private final PackSymbols symbols;
  private final Diagnostics out;
  private final Enums.Phase phase;
  private final ExprChecker.Paths paths;

  ActionChecker(PackSymbols symbols, Diagnostics out, Enums.Phase phase) {
    this.symbols = symbols;
    this.out = out;
    this.phase = phase;
    this.paths = new ExprChecker.Paths(out, phase);
  }

  Optional<Act> check(Action a) {
    return switch (a) {
      case Action.Block b -> Optional.of(block(b));
      case Action.Redact r -> redact(r);
      case Action.RouteTo r -> requestOnly(a, "route").flatMap(ok -> models(r.models()))
          .map(ms -> new Act.RouteTo(ms, r.span()));
      case Action.Downgrade d -> requestOnly(a, "downgrade").flatMap(ok -> models(d.models()))
          .map(ms -> new Act.Downgrade(ms, d.span()));
      case Action.RouteWhere r -> requestOnly(a, "route").flatMap(ok -> routeWhere(r));
      case Action.Warn w -> Optional.of(new Act.Warn(msg(w.message()), w.span()));
      case Action.Limit l -> requestOnly(a, "limit").flatMap(ok -> limit(l));
      case Action.Tag t -> tag(t);
      case Action.Log l -> Options.word(l.level(), Schema.Option.LOG, out)
          .map(w -> new Act.Log(Enums.parse(Enums.LogLevel.class, w), l.span()));
    };
  }

  private Optional<Boolean> requestOnly(Action a, String what) {
    if (phase == Enums.Phase.RESPONSE) {
      out.add(Diagnostic.of(Code.T013, a.span(), "`" + what + "` decides before the call; it has no effect in a "
          + "response rule", "move it to a request rule"));
      return Optional.empty();
    }
    return Optional.of(true);
  }

  private Act.Block block(Action.Block b) {
    int status = DEFAULT_BLOCK_STATUS;
    if (b.status().isPresent()) {
      var n = b.status().get();
      var whole = n.wholeIn(400, 499);
      if (whole.isEmpty()) {
        out.add(Diagnostic.of(Code.T009, n.span(), "a block status is a client error from 400 to 499; got "
            + n.value().toPlainString(), "403 (forbidden) is the default; 429 for limits, 422 for content"));
      } else {
        status = (int) whole.getAsLong();
      }
    }
    return new Act.Block(status, b.message().map(this::msg), b.span());
  }

  private Optional<Act> redact(Action.Redact r) {
    Enums.RedactOp op = Enums.RedactOp.REPLACE;
    if (r.operator().isPresent()) {
      Optional<String> w = Options.word(r.operator().get(), Schema.Option.OPERATOR, out);
      if (w.isEmpty()) {
        return Optional.empty();
      }
      op = Enums.parse(Enums.RedactOp.class, w.get());
    }
    Set<String> types = new LinkedHashSet<>();
    boolean ok = true;
    for (Ident e : r.entities()) {
      List<String> expanded = symbols.expand(e.name());
      if (expanded.isEmpty()) {
        ok = false;
        String hint = Suggest.nearest(e.name(), symbols.entityNames()).map(s -> "did you mean `" + s + "`?")
            .orElse("declare it: entity " + e.name() + " { pattern /.../ }");
        out.add(Diagnostic.of(Code.T004, e.span(), "unknown entity type `" + e.name() + "`", hint));
      } else {
        symbols.markUsed(e.name());
        types.addAll(expanded);
      }
    }
    return ok ? Optional.of(new Act.Redact(r.all(), List.copyOf(types), op, r.span())) : Optional.empty();
  }

  private Optional<List<String>> models(List<Str> names) {
    List<String> models = new ArrayList<>();
    for (Str s : names) {
      if (s.value().isBlank()) {
        out.add(Diagnostic.of(Code.T010, s.span(), "a model name cannot be empty"));
        return Optional.empty();
      }
      models.add(s.value());
    }
    return Optional.of(models);
  }

  private Optional<Act> routeWhere(Action.RouteWhere r) {
    Optional<Cond> where = r.where().map(e -> new ExprChecker(symbols, out, phase, true).check(e));
    Optional<Enums.Prefer> prefer = Optional.empty();
    if (r.prefer().isPresent()) {
      Optional<String> w = Options.word(r.prefer().get(), Schema.Option.PREFER, out);
      if (w.isEmpty()) {
        return Optional.empty();
      }
      prefer = Optional.of(Enums.parse(Enums.Prefer.class, w.get()));
    }
    return Optional.of(new Act.RouteWhere(where, prefer, r.span()));
  }

  private Optional<Act> limit(Action.Limit l) {
    Optional<String> scope = Options.word(l.scope(), Schema.Option.SCOPE, out);
    Optional<String> unit = Options.word(l.unit(), Schema.Option.UNIT, out);
    Optional<String> per = Options.word(l.per(), Schema.Option.PER, out);
    var amount = l.amount();
    if (amount.wholeIn(1, Long.MAX_VALUE / 2).isEmpty()) {
      out.add(Diagnostic.of(Code.T010, amount.span(), "a limit is a whole number above 0; got "
          + amount.value().toPlainString()));
      return Optional.empty();
    }
    if (scope.isEmpty() || unit.isEmpty() || per.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Act.Limit(Enums.parse(Enums.Scope.class, scope.get()), amount.value().longValue(),
        Enums.parse(Enums.LimitUnit.class, unit.get()), Enums.parse(Enums.Per.class, per.get()), l.span()));
  }

  private Optional<Act> tag(Action.Tag t) {
    if (t.key().value().isBlank()) {
      out.add(Diagnostic.of(Code.T010, t.key().span(), "a tag needs a name"));
      return Optional.empty();
    }
    return Optional.of(new Act.Tag(t.key().value(), msg(t.value()), t.span()));
  }

  /** A message template with its paths resolved. */
  Msg msg(Template t) {
    List<Msg.Piece> pieces = new ArrayList<>();
    for (Template.Part p : t.parts()) {
      switch (p) {
        case Template.Text text -> pieces.add(new Msg.Lit(text.text()));
        case Template.Value v -> {
          Optional<FactPath> fp = paths.resolve(v.path());
          fp.ifPresent(f -> pieces.add(new Msg.Ref(f)));
        }
      }
    }
    return new Msg(pieces);
  }
}
