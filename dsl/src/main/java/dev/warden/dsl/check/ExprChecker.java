package dev.warden.dsl.check;

import dev.warden.dsl.ast.CompareOp;
import dev.warden.dsl.ast.Expr;
import dev.warden.dsl.ast.Ident;
import dev.warden.dsl.ast.Literal;
import dev.warden.dsl.ast.Operand;
import dev.warden.dsl.ast.Path;
import dev.warden.dsl.diag.Code;
import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.Diagnostics;
import dev.warden.dsl.model.Cond;
import dev.warden.dsl.model.Enums;
import dev.warden.dsl.model.Value;
import dev.warden.dsl.regex.RegexCheck;
import dev.warden.dsl.schema.FactPath;
import dev.warden.dsl.schema.Schema;
import dev.warden.dsl.schema.Suggest;
import dev.warden.dsl.schema.Type;
import dev.warden.dsl.source.Span;
import dev.warden.dsl.text.Fold;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Types a condition against the schema and the pack's names, producing a {@link Cond}.
 * Reports unknown paths (with the nearest known one), type mismatches, response data in
 * request rules and invalid patterns; keeps going after an error so all are reported.
 */
final class ExprChecker {
  private final PackSymbols symbols;
  private final Diagnostics out;
  private final Enums.Phase phase;
  private final boolean candidates;
  private final Paths paths;

  /** @param candidates inside {@code route where}: {@code model.*} means each candidate model */
  ExprChecker(PackSymbols symbols, Diagnostics out, Enums.Phase phase, boolean candidates) {
    this.symbols = symbols;
    this.out = out;
    this.phase = phase;
    this.candidates = candidates;
    this.paths = new Paths(out, phase);
  }

  Cond check(Expr e) {
    return switch (e) {
      case Expr.And a -> new Cond.All(a.terms().stream().map(this::check).toList());
      case Expr.Or o -> new Cond.Any(o.terms().stream().map(this::check).toList());
      case Expr.Not n -> new Cond.Not(check(n.operand()));
      case Expr.Compare c -> compare(c);
      case Expr.In i -> in(i);
      case Expr.Matches m -> matches(m);
      case Expr.Contains c -> contains(c);
      case Expr.HasEntity h -> entity(h);
      case Expr.Truth t -> truth(t);
    };
  }

  // ------------------------------------------------------------------ operands

  /** A typed operand, or empty after reporting why it has none. */
  private Optional<Value> value(Operand o) {
    return switch (o) {
      case Literal l -> literal(l);
      case Operand.Count c -> count(c);
      case Operand.PathRef p -> path(p.path());
    };
  }

  private Optional<Value> literal(Literal l) {
    return switch (l) {
      case Literal.StrLit s -> Optional.of(Value.Const.of(s.value()));
      case Literal.NumLit n -> Optional.of(Value.Const.of(n.value().doubleValue()));
      case Literal.BoolLit b -> Optional.of(Value.Const.of(b.value()));
      case Literal.ListLit list -> listConst(list);
    };
  }

  /** A list literal: strings or numbers (not both), not nested. */
  private Optional<Value> listConst(Literal.ListLit list) {
    List<Object> items = new ArrayList<>();
    for (Literal item : list.items()) {
      Object v = switch (item) {
        case Literal.StrLit s -> s.value();
        case Literal.NumLit n -> n.value().doubleValue();
        default -> null;
      };
      if (v == null || (!items.isEmpty() && items.getFirst().getClass() != v.getClass())) {
        out.add(Diagnostic.of(Code.T002, item.span(), v == null ? "list items are strings or numbers"
            : "a list holds strings or numbers, not both"));
        return Optional.empty();
      }
      items.add(v);
    }
    return Optional.of(new Value.Const(items, Type.LIST));
  }

  private Optional<Value> count(Operand.Count c) {
    Optional<Enums.Target> target = target(c.target());
    if (symbols.isGroup(c.entity().name())) {
      out.add(Diagnostic.of(Code.T004, c.entity().span(), "`" + c.entity().name() + "` is a group",
          "count takes one entity type; to test any member of a group write `prompt contains any(" + c.entity().name() + ")`"));
      return Optional.empty();
    }
    if (!symbols.isEntity(c.entity().name())) {
      unknownEntity(c.entity(), null);
      return Optional.empty();
    }
    symbols.markUsed(c.entity().name());
    return target.map(t -> new Value.Count(t, c.entity().name()));
  }

  private Optional<Value> path(Path p) {
    if (p.isBareName()) {
      String name = p.firstName();
      Optional<dev.warden.dsl.ast.Decl.ListDecl> list = symbols.list(name);
      if (list.isPresent()) {
        symbols.markUsed(name);
        return listConst(list.get().values());
      }
      if (Schema.TARGETS.contains(name)) {
        out.add(Diagnostic.of(Code.T017, p.span(), "`" + name + "` is a text, not a value",
            "use `" + name + ".text`, or test entities with `" + name + " contains EMAIL`"));
        return Optional.empty();
      }
      if (name.equals(name.toUpperCase(Locale.ROOT)) && !name.equals(name.toLowerCase(Locale.ROOT))) {
        String hint = Suggest.nearest(name, symbols.listNames()).map(s -> "did you mean `" + s + "`?")
            .orElse(symbols.isEntity(name) || symbols.isGroup(name)
                ? "`" + name + "` is an entity type: test it with `prompt contains " + name + "`"
                : "declare it: list " + name + " = [\"...\"]");
        out.add(Diagnostic.of(Code.T005, p.span(), "unknown list `" + name + "`", hint));
        return Optional.empty();
      }
    }
    return paths.resolve(p).map(fp -> new Value.Fact(fp, candidates && fp.field().isModel()));
  }

  private Optional<Enums.Target> target(Ident t) {
    if (!Schema.TARGETS.contains(t.name())) {
      String hint = Suggest.nearest(t.name(), Schema.TARGETS).map(s -> "did you mean `" + s + "`?")
          .orElse("entity conditions look at prompt, system or response");
      out.add(Diagnostic.of(Code.T008, t.span(), "`" + t.name() + "` is not a text to look for entities in", hint));
      return Optional.empty();
    }
    Enums.Target target = Enums.parse(Enums.Target.class, t.name());
    if (target == Enums.Target.RESPONSE && phase == Enums.Phase.REQUEST) {
      out.add(Diagnostic.of(Code.T007, t.span(), "`response` is only known in response rules",
          "add `on response` to the rule"));
      return Optional.empty();
    }
    return Optional.of(target);
  }

  // ------------------------------------------------------------------ conditions

  private Cond compare(Expr.Compare c) {
    Optional<Value> l = value(c.left());
    Optional<Value> r = value(c.right());
    if (l.isEmpty() || r.isEmpty()) {
      return new Cond.Const(false);
    }
    Type lt = l.get().type();
    Type rt = r.get().type();
    if (lt == Type.LIST || rt == Type.LIST) {
      out.add(Diagnostic.of(Code.T003, c.span(), "`" + c.op().symbol() + "` does not compare lists",
          "test membership with `in` or `contains`"));
      return new Cond.Const(false);
    }
    if (lt != rt) {
      out.add(Diagnostic.of(Code.T002, c.span(), "cannot compare " + describe(c.left(), lt) + " (a " + lt.label()
          + ") with " + describe(c.right(), rt) + " (a " + rt.label() + ")", hintFor(c.right(), lt)));
      return new Cond.Const(false);
    }
    if (c.op().isOrdering() && lt != Type.NUMBER) {
      out.add(Diagnostic.of(Code.T003, c.span(), "`" + c.op().symbol() + "` orders numbers; these are " + lt.label()
          + "s", "use == or != , or `matches` for patterns"));
      return new Cond.Const(false);
    }
    return new Cond.Compare(l.get(), c.op(), r.get());
  }

  private Cond in(Expr.In i) {
    Optional<Value> l = value(i.left());
    Optional<Value> r = value(i.right());
    if (l.isEmpty() || r.isEmpty()) {
      return new Cond.Const(false);
    }
    Type lt = l.get().type();
    if (lt != Type.STRING && lt != Type.NUMBER) {
      out.add(Diagnostic.of(Code.T003, i.left().span(), "`in` tests a string or a number; this is a " + lt.label()));
      return new Cond.Const(false);
    }
    if (r.get() instanceof Value.Const list && list.type() == Type.LIST) {
      List<Value.Const> items = new ArrayList<>();
      for (Object item : (List<?>) list.value()) {
        Value.Const v = item instanceof String s ? Value.Const.of(s) : Value.Const.of((Double) item);
        if (v.type() != lt) {
          out.add(Diagnostic.of(Code.T002, i.right().span(), "this list holds " + v.type().label() + "s but "
              + describe(i.left(), lt) + " is a " + lt.label()));
          return new Cond.Const(false);
        }
        items.add(v);
      }
      return new Cond.InList(l.get(), items, i.negated());
    }
    if (r.get().type() == Type.LIST) {
      if (lt != Type.STRING) {
        out.add(Diagnostic.of(Code.T002, i.span(), describe(i.right(), Type.LIST) + " holds strings"));
        return new Cond.Const(false);
      }
      return new Cond.ListHas(r.get(), l.get(), i.negated());
    }
    out.add(Diagnostic.of(Code.T002, i.right().span(), "`in` needs a list on its right; "
        + describe(i.right(), r.get().type()) + " is a " + r.get().type().label(),
        "use a list literal [\"a\", \"b\"], a declared list, or a list path such as principal.roles"));
    return new Cond.Const(false);
  }

  private Cond matches(Expr.Matches m) {
    Optional<Value> subject = value(m.left());
    Optional<Diagnostic> bad = RegexCheck.check(m.regex());
    bad.ifPresent(out::add);
    if (subject.isEmpty() || bad.isPresent()) {
      return new Cond.Const(false);
    }
    if (subject.get().type() != Type.STRING) {
      out.add(Diagnostic.of(Code.T003, m.left().span(), "`matches` applies to strings; "
          + describe(m.left(), subject.get().type()) + " is a " + subject.get().type().label()));
      return new Cond.Const(false);
    }
    return new Cond.Match(subject.get(), m.regex().pattern(), m.regex().caseInsensitive());
  }

  private Cond contains(Expr.Contains c) {
    c.score().ifPresent(st -> out.add(Diagnostic.of(Code.T015, st.span(),
        "`with score` applies to entity conditions such as `prompt contains PERSON with score >= 0.8`")));
    Optional<Value> l = value(c.left());
    Optional<Value> r = value(c.right());
    if (l.isEmpty() || r.isEmpty()) {
      return new Cond.Const(false);
    }
    Type lt = l.get().type();
    Type rt = r.get().type();
    if (rt != Type.STRING) {
      boolean looksLikeEntity = c.right() instanceof Operand.PathRef p && p.path().isBareName();
      out.add(Diagnostic.of(Code.T002, c.right().span(), "`contains` looks for a string; "
          + describe(c.right(), rt) + " is a " + rt.label(),
          looksLikeEntity ? "entity conditions are written `prompt contains EMAIL`" : null));
      return new Cond.Const(false);
    }
    if (lt == Type.STRING) {
      Value needle = r.get() instanceof Value.Const s ? Value.Const.of(Fold.fold((String) s.value())) : r.get();
      return new Cond.TextContains(l.get(), needle);
    }
    if (lt == Type.LIST) {
      if (l.get() instanceof Value.Const list && ((List<?>) list.value()).stream().anyMatch(i -> !(i instanceof String))) {
        out.add(Diagnostic.of(Code.T002, c.left().span(), "this list holds numbers; `contains` looks for a string"));
        return new Cond.Const(false);
      }
      return new Cond.ListHas(l.get(), r.get(), false);
    }
    out.add(Diagnostic.of(Code.T003, c.left().span(), "`contains` applies to strings and lists; "
        + describe(c.left(), lt) + " is a " + lt.label()));
    return new Cond.Const(false);
  }

  private Cond entity(Expr.HasEntity h) {
    Optional<Enums.Target> target = target(h.target());
    Optional<Cond.ScoreTest> score = Optional.empty();
    if (h.score().isPresent()) {
      Expr.ScoreTest s = h.score().get();
      double t = s.threshold().value().doubleValue();
      if (t < 0 || t > 1) {
        out.add(Diagnostic.of(Code.T010, s.threshold().span(), "scores are between 0 and 1; got " + t));
      }
      score = Optional.of(new Cond.ScoreTest(s.op(), t));
    }
    List<List<String>> items = new ArrayList<>();
    for (Ident name : h.entities()) {
      if (!symbols.isEntity(name.name()) && !symbols.isGroup(name.name())) {
        unknownEntity(name, null);
        continue;
      }
      symbols.markUsed(name.name());
      items.add(symbols.expand(name.name()));
    }
    if (target.isEmpty() || items.size() != h.entities().size()) {
      return new Cond.Const(false);
    }
    Enums.Target t = target.get();
    Optional<Cond.ScoreTest> st = score;
    List<Cond> perItem = items.stream()
        .map(types -> anyOf(types.stream().map(type -> (Cond) new Cond.Entity(t, type, st)).toList()))
        .toList();
    return h.quantifier() == Expr.Quantifier.ALL ? new Cond.All(perItem) : anyOf(perItem);
  }

  private static Cond anyOf(List<Cond> terms) {
    return terms.size() == 1 ? terms.getFirst() : new Cond.Any(terms);
  }

  private Cond truth(Expr.Truth t) {
    Optional<Value> v = value(t.operand());
    if (v.isEmpty()) {
      return new Cond.Const(false);
    }
    if (v.get().type() != Type.BOOL) {
      out.add(Diagnostic.of(Code.T017, t.span(), describe(t.operand(), v.get().type()) + " is a "
          + v.get().type().label() + ", not a condition", "compare it, e.g. `" + shown(t.operand()) + " == ...`"));
      return new Cond.Const(false);
    }
    if (v.get() instanceof Value.Const c) {
      return new Cond.Const((Boolean) c.value());
    }
    return new Cond.Compare(v.get(), CompareOp.EQ, Value.Const.of(true));
  }

  private void unknownEntity(Ident name, String hintOverride) {
    String hint = hintOverride != null ? hintOverride
        : Suggest.nearest(name.name(), symbols.entityNames()).map(s -> "did you mean `" + s + "`?")
            .orElse("declare it: entity " + name.name() + " { pattern /.../ }");
    out.add(Diagnostic.of(Code.T004, name.span(), "unknown entity type `" + name.name() + "`", hint));
  }

  // ------------------------------------------------------------------ words

  private static String describe(Operand o, Type t) {
    return switch (o) {
      case Literal l -> Literal.show(l);
      case Operand.PathRef p -> "`" + p.path().text() + "`";
      case Operand.Count c -> "`count(" + c.target().name() + ", " + c.entity().name() + ")`";
    };
  }

  private static String shown(Operand o) {
    return describe(o, Type.STRING).replace("`", "");
  }

  /** A hint when the right side is a literal of the wrong kind, e.g. a quoted number. */
  private static String hintFor(Operand right, Type wanted) {
    if (right instanceof Literal.StrLit && wanted == Type.NUMBER) {
      return "numbers are written without quotes: 80, 0.5, 80%";
    }
    if (right instanceof Literal.NumLit n && wanted == Type.STRING) {
      return "strings are written in quotes: \"" + n.value().toPlainString() + "\"";
    }
    return null;
  }

  /** Resolves paths and checks they are known in the rule's phase. */
  static final class Paths {
    private final Diagnostics out;
    private final Enums.Phase phase;

    Paths(Diagnostics out, Enums.Phase phase) {
      this.out = out;
      this.phase = phase;
    }

    Optional<FactPath> resolve(Path p) {
      Span at = p.span();
      return switch (Schema.resolve(p)) {
        case Schema.Resolution.Failed f -> {
          out.add(Diagnostic.of(Code.T001, at, f.why().message(),
              f.why().suggestion().map(s -> s.startsWith("one of") || s.contains(",") ? s : "did you mean `" + s + "`?")
                  .orElse(null)));
          yield Optional.empty();
        }
        case Schema.Resolution.Ok ok -> {
          if (ok.path().field().responseOnly() && phase == Enums.Phase.REQUEST) {
            out.add(Diagnostic.of(Code.T007, at, "`" + ok.path().text() + "` is only known in response rules",
                "add `on response` to the rule"));
            yield Optional.empty();
          }
          yield Optional.of(ok.path());
        }
      };
    }
  }
}
