package dev.warden.dsl.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A checked set of packs, ready to emit: packs in name order, every rule in "file order",
 * the custom entity types, and the entity types the rules look at or redact.
 */
public record Program(List<PackInfo> packs, List<RuleDef> rules, Map<String, EntityDef> entities,
    List<String> usedEntityTypes, boolean redactsAll) {
  public Program {
    packs = List.copyOf(packs);
    rules = List.copyOf(rules);
    entities = Map.copyOf(entities);
    usedEntityTypes = List.copyOf(usedEntityTypes);
  }

  public Optional<RuleDef> rule(String fullId) {
    Objects.requireNonNull(fullId, "fullId");
    return rules.stream().filter(r -> r.fullId().equals(fullId)).findFirst();
  }

  public Optional<PackInfo> pack(String name) {
    return packs.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
