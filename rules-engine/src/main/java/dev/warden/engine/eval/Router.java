package dev.warden.engine.eval;

import dev.warden.dsl.model.Enums;
import dev.warden.dsl.model.ModelSpec;
import dev.warden.engine.catalog.ModelCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;

/**
 * Chooses the model to serve (policy-language.md, "How fired rules combine"): the first model
 * that satisfies every {@code route where} constraint among the targets of the winning
 * {@code route to} / {@code downgrade to}, then the model asked for, then every candidate in
 * {@code prefer} order (cheapest by default). The rest, in the same order, are the fallbacks.
 * With no routing rule the model asked for is served, if the caller's key may use it. Routing
 * never changes the kind of model: a chat model is only replaced by chat models, an embedding
 * model (tagged {@value ModelSpec#EMBEDDING}) only by embedding models.
 */
final class Router {
  private Router() {}

  /** One {@code route where} constraint: the rule it belongs to and the models that satisfied it. */
  record Constraint(String rule, Set<String> admitted) {}

  static Decision.Routing route(String asked, List<String> targets, Optional<String> routedBy,
      List<Constraint> constraints, Enums.Prefer prefer, ModelCatalog catalog, Set<String> allowed,
      Function<String, OptionalDouble> latency) {
    if (targets.isEmpty() && constraints.isEmpty()) {
      if (!allowed.isEmpty() && !allowed.contains(asked)) {
        return new Decision.Routing(asked, Optional.empty(), List.of(), List.of(), routedBy, prefer,
            "the caller's key may not use the model \"" + asked + "\"");
      }
      return Decision.Routing.asked(asked);
    }
    List<String> order = new ArrayList<>(targets);
    order.add(asked);
    for (ModelSpec m : candidates(catalog, prefer, latency)) {
      order.add(m.name());
    }
    boolean embeddings = catalog.get(asked).map(ModelSpec::embedding).orElse(false);
    List<String> satisfying = new ArrayList<>();
    for (String name : new LinkedHashSet<>(order)) {
      if (satisfies(name, embeddings, constraints, catalog, allowed)) {
        satisfying.add(name);
      }
    }
    List<String> by = rules(constraints);
    if (satisfying.isEmpty()) {
      String reason = "no model in the catalog satisfies the routing constraints of "
          + (by.isEmpty() ? "the route" : String.join(", ", by))
          + (targets.isEmpty() ? "" : " among the targets " + targets + " and the rest of the catalog");
      return new Decision.Routing(asked, Optional.empty(), List.of(), by, routedBy, prefer, reason);
    }
    String chosen = satisfying.getFirst();
    String reason = chosen.equals(asked) ? "the model asked for satisfies every routing constraint"
        : targets.contains(chosen) ? "routed by " + routedBy.orElse("a rule")
        : "the model asked for does not satisfy " + String.join(", ", by) + "; chose the "
            + (prefer == Enums.Prefer.FASTEST ? "fastest" : "cheapest") + " model that does";
    return new Decision.Routing(asked, Optional.of(chosen), satisfying.subList(1, satisfying.size()), by, routedBy,
        prefer, reason);
  }

  /** Of the kind asked for, allowed to the caller and admitted by every constraint. */
  private static boolean satisfies(String name, boolean embeddings, List<Constraint> constraints,
      ModelCatalog catalog, Set<String> allowed) {
    Optional<ModelSpec> m = catalog.get(name);
    if (m.isEmpty() || m.get().embedding() != embeddings || !allowed.isEmpty() && !allowed.contains(name)) {
      return false;
    }
    for (Constraint c : constraints) {
      if (!c.admitted().contains(name)) {
        return false;
      }
    }
    return true;
  }

  /** The rules of the constraints, each once, in order. */
  private static List<String> rules(List<Constraint> constraints) {
    if (constraints.size() == 1) {
      return List.of(constraints.getFirst().rule());
    }
    Set<String> rules = new LinkedHashSet<>();
    for (Constraint c : constraints) {
      rules.add(c.rule());
    }
    return List.copyOf(rules);
  }

  private static List<ModelSpec> candidates(ModelCatalog catalog, Enums.Prefer prefer,
      Function<String, OptionalDouble> latency) {
    if (prefer == Enums.Prefer.CHEAPEST) {
      return catalog.cheapestFirst();
    }
    List<ModelSpec> models = new ArrayList<>(catalog.models());
    // fastest observed first; models without observations keep catalog order, after the observed ones
    models.sort(Comparator.comparingDouble(m -> latency.apply(m.name()).orElse(Double.MAX_VALUE)));
    return models;
  }
}
