package dev.warden.dsl.model;

import java.util.LinkedHashSet;
import java.util.Set;

/** The entity types a rule looks at (conditions, counts, route constraints) or redacts by name. */
public final class EntityUse {
  private EntityUse() {}

  public static Set<String> of(RuleDef rule) {
    Set<String> types = new LinkedHashSet<>();
    collect(rule.when(), types);
    for (Act a : rule.actions()) {
      if (a instanceof Act.Redact red) {
        types.addAll(red.types());
      } else if (a instanceof Act.RouteWhere rw) {
        rw.where().ifPresent(w -> collect(w, types));
      }
    }
    return types;
  }

  /** The entity types a condition looks at, including those only counted. */
  public static void collect(Cond c, Set<String> into) {
    switch (c) {
      case Cond.All a -> a.terms().forEach(t -> collect(t, into));
      case Cond.Any a -> a.terms().forEach(t -> collect(t, into));
      case Cond.Not n -> collect(n.operand(), into);
      case Cond.Entity e -> into.add(e.type());
      case Cond.Compare cmp -> {
        if (cmp.left() instanceof Value.Count k) {
          into.add(k.entity());
        }
        if (cmp.right() instanceof Value.Count k) {
          into.add(k.entity());
        }
      }
      case Cond.InList in -> {
        if (in.needle() instanceof Value.Count k) {
          into.add(k.entity());
        }
      }
      default -> { }
    }
  }
}
