package dev.warden.dsl.check;

import dev.warden.dsl.ast.Decl;
import dev.warden.dsl.ast.Literal;
import dev.warden.dsl.model.EntityDef;
import dev.warden.dsl.schema.Schema;
import dev.warden.dsl.source.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The names one pack declares (custom entities, groups, lists) and which of them its rules
 * use. Entity types visible in a pack are the built-ins and the pack's own.
 */
public final class PackSymbols {
  private final String pack;
  final Map<String, EntityDef> entities = new LinkedHashMap<>();
  final Map<String, Decl.Group> groups = new LinkedHashMap<>();
  final Map<String, Decl.ListDecl> lists = new LinkedHashMap<>();
  final Map<String, List<String>> expandedGroups = new LinkedHashMap<>();
  /** Entities declared with errors: known names (so uses do not cascade into more errors), no definition. */
  final Set<String> brokenEntities = new HashSet<>();
  private final Set<String> used = new HashSet<>();

  PackSymbols(String pack) {
    this.pack = pack;
  }

  public String pack() {
    return pack;
  }

  /** Declared names with where they were declared, by kind. */
  public Map<String, Span> declaredEntities() {
    Map<String, Span> m = new LinkedHashMap<>();
    entities.forEach((k, v) -> m.put(k, v.span()));
    return Collections.unmodifiableMap(m);
  }

  public Map<String, Span> declaredGroups() {
    Map<String, Span> m = new LinkedHashMap<>();
    groups.forEach((k, v) -> m.put(k, v.name().span()));
    return Collections.unmodifiableMap(m);
  }

  public Map<String, Span> declaredLists() {
    Map<String, Span> m = new LinkedHashMap<>();
    lists.forEach((k, v) -> m.put(k, v.name().span()));
    return Collections.unmodifiableMap(m);
  }

  /** Whether a rule, group or other declaration of this pack refers to the name. */
  public boolean isUsed(String name) {
    return used.contains(name);
  }

  void markUsed(String name) {
    used.add(name);
  }

  boolean isEntity(String name) {
    return Schema.BUILTIN_ENTITIES.contains(name) || entities.containsKey(name) || brokenEntities.contains(name);
  }

  boolean isGroup(String name) {
    return Schema.BUILTIN_GROUPS.containsKey(name) || groups.containsKey(name);
  }

  /** The entity types a name stands for: itself, or a group's members; empty when unknown. */
  List<String> expand(String name) {
    if (isEntity(name)) {
      return List.of(name);
    }
    List<String> builtin = Schema.BUILTIN_GROUPS.get(name);
    if (builtin != null) {
      return builtin;
    }
    return expandedGroups.getOrDefault(name, List.of());
  }

  Optional<Decl.ListDecl> list(String name) {
    return Optional.ofNullable(lists.get(name));
  }

  /** Every entity and group name visible here, for suggestions. */
  List<String> entityNames() {
    Set<String> names = new LinkedHashSet<>(Schema.BUILTIN_ENTITIES);
    names.addAll(entities.keySet());
    names.addAll(Schema.BUILTIN_GROUPS.keySet());
    names.addAll(groups.keySet());
    return new ArrayList<>(names);
  }

  List<String> listNames() {
    return new ArrayList<>(lists.keySet());
  }

  /** The items of a declared list as constants. */
  static List<Literal> items(Decl.ListDecl list) {
    return list.values().items();
  }
}
