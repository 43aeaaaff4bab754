package dev.warden.engine.eval;

import dev.warden.dsl.emit.ActionText;
import dev.warden.dsl.model.Act;
import dev.warden.dsl.model.Enums;
import dev.warden.dsl.model.RuleDef;
import dev.warden.engine.catalog.ModelCatalog;
import dev.warden.engine.facts.Facts;
import dev.warden.engine.snapshot.PolicySnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;

/**
 * Combines the rules that fired into one {@link Decision}, exactly as the language document
 * says: every fired rule is traced; the highest-priority enforced block wins (ties: first in
 * file order); per entity type the highest-priority redaction's operator; route constraints
 * intersect; warnings, tags and limits all apply (the strictest limit per scope, unit and
 * period); monitor rules only produce "would have" entries.
 */
final class Combiner {
  private Combiner() {}

  /** What routing needs besides the firings. */
  record RoutingContext(String asked, ModelCatalog catalog, Set<String> allowed,
      Function<String, OptionalDouble> latency) {}

  /** The limits of one scope, unit and period, of which the strictest applies. */
  private record LimitKey(Enums.Scope scope, Enums.LimitUnit unit, Enums.Per per) {}

  /** Highest priority first, then file order. */
  static final Comparator<RuleDef> PRECEDENCE =
      Comparator.comparingInt(RuleDef::priority).reversed().thenComparingInt(RuleDef::index);

  static Decision combine(PolicySnapshot snapshot, Enums.Phase phase, Firings firings, Facts facts,
      Set<String> detectedTypes, RoutingContext routing) {
    List<RuleDef> program = snapshot.program().rules();
    List<RuleDef> fired = new ArrayList<>(firings.count());
    for (int k = 0; k < firings.count(); k++) {
      fired.add(program.get(firings.fired(k)));
    }
    fired.sort(PRECEDENCE);
    List<Decision.FiredRule> trace = new ArrayList<>(fired.size());
    List<Decision.WouldHave> wouldHave = new ArrayList<>();
    Optional<Decision.Block> block = Optional.empty();
    Map<String, Decision.Redaction> redactions = new LinkedHashMap<>();
    List<Decision.Downgrade> downgrades = new ArrayList<>();
    List<Decision.Warning> warnings = new ArrayList<>();
    Map<String, String> tags = new LinkedHashMap<>();
    Map<LimitKey, Decision.Limit> limits = new LinkedHashMap<>();
    Optional<Enums.LogLevel> log = Optional.empty();
    List<String> targets = List.of();
    Optional<String> routedBy = Optional.empty();
    Optional<Enums.Prefer> prefer = Optional.empty();
    List<Router.Constraint> constraints = new ArrayList<>();

    for (RuleDef r : fired) {
      Decision.FiredRule traced = snapshot.trace(r.index());
      trace.add(traced);
      String id = traced.rule();
      if (r.monitor()) {
        for (Act a : r.actions()) {
          wouldHave.add(new Decision.WouldHave(id, rendered(a, facts)));
        }
        continue;
      }
      for (int i = 0; i < r.actions().size(); i++) {
        Act a = r.actions().get(i);
        switch (a) {
          case Act.Block b -> {
            if (block.isEmpty()) {
              String message = b.message().map(m -> Messages.render(m, facts)).orElse("Request blocked by policy");
              block = Optional.of(new Decision.Block(b.status(), message, id, traced.origin()));
            }
          }
          case Act.Redact red -> {
            for (String type : red.all() ? detectedTypes : Set.copyOf(red.types())) {
              redactions.putIfAbsent(type, new Decision.Redaction(red.op(), id));
            }
          }
          case Act.RouteTo rt -> {
            if (routedBy.isEmpty()) {
              targets = rt.models();
              routedBy = Optional.of(id);
            }
          }
          case Act.Downgrade d -> {
            downgrades.add(new Decision.Downgrade(id, d.models()));
            if (routedBy.isEmpty()) {
              targets = d.models();
              routedBy = Optional.of(id);
            }
          }
          case Act.RouteWhere rw -> {
            if (rw.where().isPresent()) {
              constraints.add(new Router.Constraint(id, firings.admitted(r.index(), i)));
            }
            if (prefer.isEmpty() && rw.prefer().isPresent()) {
              prefer = rw.prefer();
            }
          }
          case Act.Warn w -> warnings.add(new Decision.Warning(id, Messages.render(w.message(), facts)));
          case Act.Limit l -> {
            LimitKey key = new LimitKey(l.scope(), l.unit(), l.per());
            Decision.Limit next = new Decision.Limit(l.scope(), facts.getPrincipal().scopeValue(l.scope()), l.amount(),
                l.unit(), l.per(), id);
            limits.merge(key, next, (old, neu) -> neu.amount() < old.amount() ? neu : old);
          }
          case Act.Tag t -> tags.putIfAbsent(t.key(), Messages.render(t.value(), facts));
          case Act.Log l -> {
            if (log.isEmpty()) {
              log = Optional.of(l.level());
            }
          }
        }
      }
    }
    Decision.Routing route = phase == Enums.Phase.RESPONSE
        ? Decision.Routing.asked(routing.asked())
        : Router.route(routing.asked(), targets, routedBy, constraints, prefer.orElse(Enums.Prefer.CHEAPEST),
            routing.catalog(), routing.allowed(), routing.latency());
    if (block.isEmpty() && route.chosen().isEmpty()) {
      String rules = String.join(", ", route.constrainedBy());
      String message = route.constrainedBy().isEmpty() && route.routedBy().isEmpty()
          ? "Model not allowed: " + route.reason()
          : "No model satisfies the routing policy: " + route.reason();
      block = Optional.of(new Decision.Block(403, message, rules.isEmpty() ? "routing" : rules, ""));
    }
    return new Decision(phase, block, redactions, route, downgrades, warnings, tags, List.copyOf(limits.values()),
        log.orElse(Enums.LogLevel.REDACTED), wouldHave, trace);
  }

  /** A monitor rule's action with its messages filled in. */
  private static String rendered(Act a, Facts facts) {
    return switch (a) {
      case Act.Block b -> "block " + b.status() + b.message().map(m -> " \"" + Messages.render(m, facts) + "\"")
          .orElse("");
      case Act.Warn w -> "warn \"" + Messages.render(w.message(), facts) + "\"";
      case Act.Tag t -> "tag \"" + t.key() + "\" = \"" + Messages.render(t.value(), facts) + "\"";
      default -> ActionText.of(a);
    };
  }
}
