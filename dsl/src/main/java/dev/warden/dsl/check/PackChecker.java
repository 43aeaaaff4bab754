package dev.warden.dsl.check;

import dev.warden.dsl.ast.Action;
import dev.warden.dsl.ast.Decl;
import dev.warden.dsl.ast.Ident;
import dev.warden.dsl.ast.Literal;
import dev.warden.dsl.ast.PolicyFile;
import dev.warden.dsl.ast.RegexLit;
import dev.warden.dsl.ast.Str;
import dev.warden.dsl.diag.Code;
import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.Diagnostics;
import dev.warden.dsl.model.Act;
import dev.warden.dsl.model.AllowDef;
import dev.warden.dsl.model.Cond;
import dev.warden.dsl.model.EntityDef;
import dev.warden.dsl.model.EntityUse;
import dev.warden.dsl.model.Enums;
import dev.warden.dsl.model.PackInfo;
import dev.warden.dsl.model.Program;
import dev.warden.dsl.model.RuleDef;
import dev.warden.dsl.regex.RegexCheck;
import dev.warden.dsl.schema.Schema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The checker stage for policies: groups files into packs, resolves every name against the
 * schema and the pack's declarations, types conditions and actions, and returns the checked
 * {@link Program} when there are no errors.
 */
public final class PackChecker {
  private static final Pattern PACK_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern SEMVER =
      Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");
  private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._:-]{0,99}");

  private PackChecker() {}

  /** Whether a pack name is valid: lower-case letters, digits, '.', '-' and '_', at most 64. */
  public static boolean validPackName(String name) {
    return PACK_NAME.matcher(name).matches();
  }

  /** The checked program (absent on errors), every diagnostic, and each pack's names for analysis. */
  public record Result(Optional<Program> program, List<Diagnostic> diagnostics, Map<String, PackSymbols> symbols) {
    public Result {
      diagnostics = List.copyOf(diagnostics);
      symbols = Map.copyOf(symbols);
    }
  }

  public static Result check(List<PolicyFile> files) {
    Diagnostics out = new Diagnostics();
    Map<String, List<PolicyFile>> byPack = new TreeMap<>();
    for (PolicyFile f : files) {
      byPack.computeIfAbsent(f.pack().value(), k -> new ArrayList<>()).add(f);
    }
    List<PackInfo> packs = new ArrayList<>();
    List<RuleDef> rules = new ArrayList<>();
    List<AllowDef> allows = new ArrayList<>();
    Map<String, PackSymbols> symbols = new LinkedHashMap<>();
    Map<String, EntityDef> entities = new LinkedHashMap<>();
    for (Map.Entry<String, List<PolicyFile>> e : byPack.entrySet()) {
      List<PolicyFile> packFiles = new ArrayList<>(e.getValue());
      packFiles.sort(Comparator.comparing(PolicyFile::path));
      packs.add(header(e.getKey(), packFiles, out));
      PackSymbols sym = declarations(e.getKey(), packFiles, out);
      symbols.put(e.getKey(), sym);
      for (EntityDef def : sym.entities.values()) {
        EntityDef other = entities.putIfAbsent(def.name(), def);
        if (other != null && !other.sameDefinition(def)) {
          out.add(Diagnostic.of(Code.E004, def.span(), "entity `" + def.name() + "` is defined differently in packs `"
              + other.pack() + "` (" + other.span().position() + ") and `" + def.pack() + "`",
              "entity types share one namespace across active packs: rename one, or make the definitions equal"));
        }
      }
      for (PolicyFile f : packFiles) {
        for (Decl d : f.decls()) {
          if (d instanceof Decl.Rule r) {
            rule(e.getKey(), r, sym, rules.size(), out).ifPresent(rules::add);
          } else if (d instanceof Decl.Allow a) {
            allows.addAll(allow(e.getKey(), a, sym, out));
          }
        }
      }
    }
    if (out.hasErrors()) {
      return new Result(Optional.empty(), out.toList(), symbols);
    }
    return new Result(Optional.of(program(packs, rules, entities, allows)), out.toList(), symbols);
  }

  private static Program program(List<PackInfo> packs, List<RuleDef> rules, Map<String, EntityDef> entities,
      List<AllowDef> allows) {
    Set<String> used = new LinkedHashSet<>();
    boolean all = false;
    for (RuleDef r : rules) {
      used.addAll(EntityUse.of(r));
      all |= r.actions().stream().anyMatch(a -> a instanceof Act.Redact red && red.all());
    }
    return new Program(packs, rules, entities, allows, List.copyOf(used), all);
  }

  // ------------------------------------------------------------------ headers

  private static PackInfo header(String name, List<PolicyFile> files, Diagnostics out) {
    PolicyFile first = files.getFirst();
    if (!validPackName(name)) {
      out.add(Diagnostic.of(Code.T018, first.pack().span(), "invalid pack name \"" + name + "\"",
          "pack names are lower case letters, digits, '.', '-' and '_' (at most 64), e.g. \"hipaa-phi\""));
    }
    String version = first.version().value();
    if (!SEMVER.matcher(version).matches()) {
      out.add(Diagnostic.of(Code.T018, first.version().span(), "invalid version \"" + version + "\"",
          "versions are semantic versions such as \"1.2.0\""));
    }
    Optional<Str> description = Optional.empty();
    for (PolicyFile f : files) {
      if (!f.version().value().equals(version)) {
        out.add(Diagnostic.of(Code.T014, f.version().span(), "pack \"" + name + "\" has version \"" + version + "\" in "
            + first.path() + " but \"" + f.version().value() + "\" here", "give every file of a pack the same header"));
      }
      if (f.description().isPresent()) {
        if (description.isPresent() && !description.get().value().equals(f.description().get().value())) {
          out.add(Diagnostic.of(Code.T014, f.description().get().span(), "pack \"" + name
              + "\" is described differently in " + description.get().span().file(),
              "describe the pack in one file"));
        } else {
          description = f.description();
        }
      }
    }
    return new PackInfo(name, version, description.map(Str::value), files.stream().map(PolicyFile::path).toList());
  }

  // ------------------------------------------------------------------ declarations

  private static PackSymbols declarations(String pack, List<PolicyFile> files, Diagnostics out) {
    PackSymbols sym = new PackSymbols(pack);
    Map<String, Ident> declared = new LinkedHashMap<>();
    for (PolicyFile f : files) {
      for (Decl d : f.decls()) {
        switch (d) {
          case Decl.Entity e -> {
            if (Schema.BUILTIN_ENTITIES.contains(e.name().name()) || Schema.BUILTIN_GROUPS.containsKey(e.name().name())) {
              out.add(Diagnostic.of(Code.T011, e.name().span(), "`" + e.name().name() + "` is a built-in entity type",
                  "give the custom entity another name"));
            } else if (unique(e.name(), declared, out)) {
              entity(pack, e, out).ifPresentOrElse(def -> sym.entities.put(def.name(), def),
                  () -> sym.brokenEntities.add(e.name().name()));
            }
          }
          case Decl.Group g -> {
            if (Schema.BUILTIN_GROUPS.containsKey(g.name().name()) || Schema.BUILTIN_ENTITIES.contains(g.name().name())) {
              out.add(Diagnostic.of(Code.T011, g.name().span(), "`" + g.name().name() + "` is a built-in name",
                  "give the group another name"));
            } else if (unique(g.name(), declared, out)) {
              sym.groups.put(g.name().name(), g);
            }
          }
          case Decl.ListDecl l -> {
            if (unique(l.name(), declared, out)) {
              listItems(l, out);
              sym.lists.put(l.name().name(), l);
            }
          }
          case Decl.Allow a -> { }
          case Decl.Rule r -> { }
        }
      }
    }
    for (Decl.Group g : sym.groups.values()) {
      sym.expandedGroups.put(g.name().name(), expandGroup(g, sym, new HashSet<>(), out));
    }
    return sym;
  }

  private static boolean unique(Ident name, Map<String, Ident> declared, Diagnostics out) {
    Ident previous = declared.putIfAbsent(name.name(), name);
    if (previous != null) {
      out.add(Diagnostic.of(Code.T012, name.span(), "`" + name.name() + "` is already declared at "
          + previous.span().position(), "entities, groups and lists of a pack share one namespace"));
      return false;
    }
    return true;
  }

  private static List<String> expandGroup(Decl.Group g, PackSymbols sym, Set<String> visiting, Diagnostics out) {
    if (!visiting.add(g.name().name())) {
      out.add(Diagnostic.of(Code.T025, g.name().span(), "group `" + g.name().name() + "` contains itself"));
      return List.of();
    }
    Set<String> types = new LinkedHashSet<>();
    for (Ident m : g.members()) {
      String n = m.name();
      if (sym.isEntity(n)) {
        types.add(n);
      } else if (Schema.BUILTIN_GROUPS.containsKey(n)) {
        types.addAll(Schema.BUILTIN_GROUPS.get(n));
      } else if (sym.groups.containsKey(n)) {
        types.addAll(expandGroup(sym.groups.get(n), sym, visiting, out));
      } else {
        String hint = dev.warden.dsl.schema.Suggest.nearest(n, sym.entityNames()).map(s -> "did you mean `" + s + "`?")
            .orElse("groups list entity types or other groups");
        out.add(Diagnostic.of(Code.T006, m.span(), "unknown entity type `" + n + "` in group `" + g.name().name() + "`",
            hint));
        continue;
      }
      sym.markUsed(n);
    }
    visiting.remove(g.name().name());
    return List.copyOf(types);
  }

  private static void listItems(Decl.ListDecl l, Diagnostics out) {
    Class<?> kind = null;
    for (Literal item : l.values().items()) {
      if (!(item instanceof Literal.StrLit) && !(item instanceof Literal.NumLit)) {
        out.add(Diagnostic.of(Code.T002, item.span(), "list items are strings or numbers"));
      } else if (kind != null && kind != item.getClass()) {
        out.add(Diagnostic.of(Code.T002, item.span(), "a list holds strings or numbers, not both"));
      } else {
        kind = item.getClass();
      }
    }
  }

  private static Optional<EntityDef> entity(String pack, Decl.Entity e, Diagnostics out) {
    boolean ok = true;
    List<EntityDef.Pattern> patterns = new ArrayList<>();
    for (RegexLit r : e.patterns()) {
      Optional<Diagnostic> bad = RegexCheck.check(r);
      if (bad.isPresent()) {
        out.add(bad.get());
        ok = false;
      } else if (RegexCheck.matchesEmpty(r)) {
        out.add(Diagnostic.of(Code.R002, r.span(), "pattern matches the empty string, so it would match everywhere",
            "require at least one character, e.g. + instead of *"));
        ok = false;
      } else {
        patterns.add(new EntityDef.Pattern(r.pattern(), r.caseInsensitive()));
      }
    }
    for (Str s : concat(e.terms(), e.context())) {
      if (s.value().isBlank()) {
        out.add(Diagnostic.of(Code.T010, s.span(), "terms and context words cannot be empty"));
        ok = false;
      }
    }
    if (e.patterns().isEmpty() && e.terms().isEmpty()) {
      out.add(Diagnostic.of(Code.T016, e.name().span(), "entity `" + e.name().name() + "` has no pattern and no terms",
          "add `pattern /.../` or `terms \"...\"`"));
      ok = false;
    }
    double score = EntityDef.DEFAULT_SCORE;
    if (e.score().isPresent()) {
      score = e.score().get().value().doubleValue();
      if (score <= 0 || score > 1) {
        out.add(Diagnostic.of(Code.T010, e.score().get().span(), "a score is above 0 and at most 1; got " + score));
        ok = false;
      }
    }
    Enums.Validator validator = Enums.Validator.NONE;
    if (e.validate().isPresent()) {
      Optional<String> w = Options.word(e.validate().get(), Schema.Option.VALIDATE, out);
      if (w.isEmpty()) {
        ok = false;
      } else {
        validator = Enums.parse(Enums.Validator.class, w.get());
      }
    }
    if (!ok) {
      return Optional.empty();
    }
    return Optional.of(new EntityDef(e.name().name(), pack, patterns, e.terms().stream().map(Str::value).toList(),
        e.context().stream().map(Str::value).toList(), score, validator, e.name().span()));
  }

  private static List<Str> concat(List<Str> a, List<Str> b) {
    List<Str> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  // ------------------------------------------------------------------ allow-lists

  private static List<AllowDef> allow(String pack, Decl.Allow a, PackSymbols sym, Diagnostics out) {
    String name = a.entity().name();
    if (!sym.isEntity(name) && !sym.isGroup(name)) {
      out.add(Diagnostic.of(Code.T004, a.entity().span(), "unknown entity type `" + name + "`",
          dev.warden.dsl.schema.Suggest.nearest(name, sym.entityNames()).map(s -> "did you mean `" + s + "`?")
              .orElse(null)));
      return List.of();
    }
    List<EntityDef.Pattern> patterns = new ArrayList<>();
    for (RegexLit r : a.patterns()) {
      Optional<Diagnostic> bad = RegexCheck.check(r);
      if (bad.isPresent()) {
        out.add(bad.get());
      } else if (RegexCheck.matchesEmpty(r)) {
        out.add(Diagnostic.of(Code.R002, r.span(), "this pattern matches the empty string, so it would allow every value",
            "require at least one character"));
      } else {
        patterns.add(new EntityDef.Pattern(r.pattern(), r.caseInsensitive()));
      }
    }
    List<String> values = new ArrayList<>();
    for (Str v : a.values()) {
      if (v.value().isBlank()) {
        out.add(Diagnostic.of(Code.T010, v.span(), "an allowed value cannot be empty"));
      } else {
        values.add(v.value());
      }
    }
    return sym.expand(name).stream().map(type -> new AllowDef(pack, type, values, patterns, a.span())).toList();
  }

  // ------------------------------------------------------------------ rules

  private static Optional<RuleDef> rule(String pack, Decl.Rule r, PackSymbols sym, int index, Diagnostics out) {
    int errorsBefore = out.errorCount();
    String id = r.id().value();
    if (!RULE_ID.matcher(id).matches()) {
      out.add(Diagnostic.of(Code.T024, r.id().span(), "invalid rule id \"" + id + "\"",
          "rule ids start with a letter or digit and hold letters, digits, spaces, '.', '_', ':' and '-' "
              + "(at most 100)"));
    }
    int priority = 0;
    if (r.priority().isPresent()) {
      var p = r.priority().get();
      if (!p.isInteger() || p.value().abs().compareTo(java.math.BigDecimal.valueOf(1_000_000)) > 0) {
        out.add(Diagnostic.of(Code.T010, p.span(), "a priority is a whole number between -1000000 and 1000000"));
      } else {
        priority = p.value().intValue();
      }
    }
    Enums.Phase phase = r.phase().flatMap(w -> Options.word(w, Schema.Option.PHASE, out))
        .map(w -> Enums.parse(Enums.Phase.class, w)).orElse(Enums.Phase.REQUEST);
    Enums.Mode mode = r.mode().flatMap(w -> Options.word(w, Schema.Option.MODE, out))
        .map(w -> Enums.parse(Enums.Mode.class, w)).orElse(Enums.Mode.ENFORCE);
    Cond when = r.when().map(e -> new ExprChecker(sym, out, phase, false).check(e)).orElse(new Cond.Const(true));
    ActionChecker actions = new ActionChecker(sym, out, phase);
    List<Act> acts = new ArrayList<>();
    for (Action a : r.actions()) {
      actions.check(a).ifPresent(acts::add);
    }
    if (out.errorCount() > errorsBefore) {
      return Optional.empty();
    }
    return Optional.of(new RuleDef(index, pack, id, r.span(), r.description().map(Str::value), priority, phase, mode,
        when, acts));
  }
}
