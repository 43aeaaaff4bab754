package dev.warden.dsl.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A checked set of packs, ready to emit: packs in name order, every rule in "file order",
 * the custom entity types, each pack's allow-lists, and the entity types the rules look at or
 * redact.
 */
public record Program(List<PackInfo> packs, List<RuleDef> rules, Map<String, EntityDef> entities,
    List<AllowDef> allows, List<String> usedEntityTypes, boolean redactsAll) {
  public Program {
    packs = List.copyOf(packs);
    rules = List.copyOf(rules);
    entities = Map.copyOf(entities);
    allows = List.copyOf(allows);
    usedEntityTypes = List.copyOf(usedEntityTypes);
  }

  /** Whether the pack allows some values of the entity type (so its rules see that type through its allow-list). */
  public boolean allowsSome(String pack, String type) {
    return allows.stream().anyMatch(a -> a.pack().equals(pack) && a.type().equals(type));
  }

  public Optional<RuleDef> rule(String fullId) {
    Objects.requireNonNull(fullId, "fullId");
    return rules.stream().filter(r -> r.fullId().equals(fullId)).findFirst();
  }

  /** The rules a test or a person means by {@code name}: its full id {@code pack/rule}, or its id in any pack. */
  public List<RuleDef> rulesNamed(String name) {
    return rules.stream().filter(r -> r.fullId().equals(name) || r.id().equals(name)).toList();
  }

  public Optional<PackInfo> pack(String name) {
    return packs.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
