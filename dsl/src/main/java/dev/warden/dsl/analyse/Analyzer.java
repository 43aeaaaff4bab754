package dev.warden.dsl.analyse;

import dev.warden.dsl.check.PackSymbols;
import dev.warden.dsl.diag.Code;
import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.Diagnostics;
import dev.warden.dsl.lower.Simplify;
import dev.warden.dsl.model.Act;
import dev.warden.dsl.model.Cond;
import dev.warden.dsl.model.Enums;
import dev.warden.dsl.model.Program;
import dev.warden.dsl.model.RuleDef;
import dev.warden.dsl.model.Value;
import dev.warden.dsl.schema.Field;
import dev.warden.dsl.schema.Schema;
import dev.warden.dsl.schema.Suggest;
import dev.warden.dsl.source.Span;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The analysis stage: findings about a well-typed program that are likely mistakes. Unused
 * declarations, routes to models the catalog lacks, equal-priority rules that route
 * differently, conditions that can never hold and rules that do nothing are warnings;
 * duplicate rule ids are errors.
 */
public final class Analyzer {
  private Analyzer() {}

  /**
   * @param catalog the model names of the catalog the packs will run with; when absent, routes
   *     are not checked against a catalog
   */
  public static List<Diagnostic> analyse(Program program, Map<String, PackSymbols> symbols,
      Optional<Set<String>> catalog) {
    Diagnostics out = new Diagnostics();
    unused(symbols, out);
    duplicateIds(program, out);
    routes(program, catalog, out);
    for (RuleDef r : program.rules()) {
      Contradictions.find(Simplify.cond(r.when())).ifPresent(why -> out.add(Diagnostic.of(Code.A007, r.span(),
          "rule \"" + r.id() + "\" can never fire: " + why, "check the condition's values")));
      for (Act a : r.actions()) {
        if (a instanceof Act.RouteWhere rw && rw.where().isPresent()) {
          Contradictions.find(Simplify.cond(rw.where().get())).ifPresent(why -> out.add(Diagnostic.of(Code.A007, a.span(),
              "no model can satisfy this route constraint: " + why)));
        }
      }
      signals(r.when()).forEach(name -> out.add(Diagnostic.of(Code.A011, r.span(), "rule \"" + r.id()
          + "\" looks for the injection signal \"" + name + "\", which the detector never reports",
          Suggest.nearest(name, Schema.INJECTION_SIGNALS).map(n -> "did you mean \"" + n + "\"?")
              .orElse("the signals are " + String.join(", ", Schema.INJECTION_SIGNALS)))));
      if (r.actions().isEmpty()) {
        out.add(Diagnostic.of(Code.A008, r.span(), "rule \"" + r.id() + "\" has no `then` action",
            "a rule without actions is only traced; add an action or remove the rule"));
      }
    }
    return out.toList();
  }

  /** The unknown names a condition looks for in {@code injection.signals}. */
  static List<String> signals(Cond c) {
    List<String> out = new java.util.ArrayList<>();
    collectSignals(c, out);
    return out;
  }

  private static void collectSignals(Cond c, List<String> out) {
    switch (c) {
      case Cond.All a -> a.terms().forEach(t -> collectSignals(t, out));
      case Cond.Any a -> a.terms().forEach(t -> collectSignals(t, out));
      case Cond.Not n -> collectSignals(n.operand(), out);
      case Cond.ListHas h when h.list() instanceof Value.Fact f && f.path().field() == Field.INJECTION_SIGNALS
          && h.element() instanceof Value.Const k && k.value() instanceof String name
          && !Schema.INJECTION_SIGNALS.contains(name) -> out.add(name);
      default -> { }
    }
  }

  private static void unused(Map<String, PackSymbols> symbols, Diagnostics out) {
    for (PackSymbols s : symbols.values()) {
      s.declaredEntities().forEach((name, at) -> {
        if (!s.isUsed(name)) {
          out.add(Diagnostic.of(Code.A001, at, "entity `" + name + "` is declared but no rule of pack \"" + s.pack()
              + "\" uses it", "use it in a condition or a redact action, or remove it"));
        }
      });
      s.declaredGroups().forEach((name, at) -> {
        if (!s.isUsed(name)) {
          out.add(Diagnostic.of(Code.A003, at, "group `" + name + "` is declared but never used"));
        }
      });
      s.declaredLists().forEach((name, at) -> {
        if (!s.isUsed(name)) {
          out.add(Diagnostic.of(Code.A002, at, "list `" + name + "` is declared but never used"));
        }
      });
    }
  }

  private static void duplicateIds(Program program, Diagnostics out) {
    Map<String, RuleDef> seen = new HashMap<>();
    for (RuleDef r : program.rules()) {
      RuleDef first = seen.putIfAbsent(r.fullId(), r);
      if (first != null) {
        out.add(Diagnostic.of(Code.A004, r.span(), "rule id \"" + r.id() + "\" is already used in pack \"" + r.pack()
            + "\" at " + first.span().position(), "rule ids are unique within a pack: rename one"));
      }
    }
  }

  private static void routes(Program program, Optional<Set<String>> catalog, Diagnostics out) {
    Map<Integer, RuleDef> byPriority = new HashMap<>();
    for (RuleDef r : program.rules()) {
      for (Act a : r.actions()) {
        List<String> targets = switch (a) {
          case Act.RouteTo rt -> rt.models();
          case Act.Downgrade d -> d.models();
          default -> null;
        };
        if (targets == null) {
          continue;
        }
        catalog.ifPresent(models -> targets.stream().filter(m -> !models.contains(m)).forEach(m ->
            out.add(Diagnostic.of(Code.A005, a.span(), "model \"" + m + "\" is not in the model catalog",
                dev.warden.dsl.schema.Suggest.nearest(m, models).map(s -> "did you mean \"" + s + "\"?")
                    .orElse("add it to the catalog, or route to a model that is there")))));
        if (r.mode() != Enums.Mode.ENFORCE) {
          continue;
        }
        RuleDef other = byPriority.putIfAbsent(r.priority(), r);
        if (other != null && other != r && !targetsOf(other).equals(targets)) {
          out.add(Diagnostic.of(Code.A006, a.span(), "rules \"" + other.fullId() + "\" (" + pos(other.span())
              + ") and \"" + r.fullId() + "\" both route at priority " + r.priority() + " to different models",
              "when both fire the first in file order wins; give one a higher priority"));
        }
      }
    }
  }

  private static List<String> targetsOf(RuleDef r) {
    for (Act a : r.actions()) {
      if (a instanceof Act.RouteTo rt) {
        return rt.models();
      }
      if (a instanceof Act.Downgrade d) {
        return d.models();
      }
    }
    return List.of();
  }

  private static String pos(Span s) {
    return s.position();
  }
}
