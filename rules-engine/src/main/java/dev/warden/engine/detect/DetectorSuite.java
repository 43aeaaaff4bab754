package dev.warden.engine.detect;

import com.google.re2j.Pattern;
import dev.warden.dsl.model.EntityDef;
import dev.warden.dsl.model.Enums;
import dev.warden.dsl.model.FieldUse;
import dev.warden.dsl.model.Program;
import dev.warden.dsl.schema.Schema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The detectors one compiled snapshot needs: the built-in detectors of the entity types its
 * rules look at or redact (every type for {@code redact all}) and the pack-defined entities.
 * Built once per snapshot; {@link #scan} is thread-safe.
 */
public final class DetectorSuite implements dev.warden.engine.facts.EntityTypes {
  /** The default threshold of types with no threshold of their own (PERSON, LOCATION, ORGANIZATION). */
  private static final double DEFAULT_THRESHOLD = 0.5;
  private static final Map<String, Double> SECRET_THRESHOLDS =
      Map.of("API_KEY", 0.8, "PRIVATE_KEY", 0.8, "JWT", 0.8, "PASSWORD", 0.6);

  private final List<Detector> detectors;
  private final Map<String, Double> thresholds;
  private final Set<String> undetectable;
  private final AllowLists allowLists;
  private final Optional<InjectionScorer> injection;
  private final Optional<SafetyScorer> promptSafety;
  private final Optional<SafetyScorer> answerSafety;

  private DetectorSuite(List<Detector> detectors, Map<String, Double> thresholds, Set<String> undetectable,
      AllowLists allowLists, Optional<InjectionScorer> injection, Optional<SafetyScorer> promptSafety,
      Optional<SafetyScorer> answerSafety) {
    this.detectors = List.copyOf(detectors);
    this.thresholds = Map.copyOf(thresholds);
    this.undetectable = Set.copyOf(undetectable);
    this.allowLists = allowLists;
    this.injection = injection;
    this.promptSafety = promptSafety;
    this.answerSafety = answerSafety;
  }

  /** The suite for a program: only what its rules need (entity types, injection, safety per phase). */
  public static DetectorSuite forProgram(Program program, Detectors models) {
    Set<String> wanted = new LinkedHashSet<>(program.usedEntityTypes());
    if (program.redactsAll()) {
      wanted.addAll(Schema.BUILTIN_ENTITIES);
      wanted.addAll(program.entities().keySet());
    }
    boolean injection = FieldUse.reads(program, Enums.Phase.REQUEST, "injection")
        || FieldUse.reads(program, Enums.Phase.RESPONSE, "injection");
    return build(wanted, program.entities(), new AllowLists(program.allows()), models,
        injection ? models.injection() : Optional.empty(),
        FieldUse.reads(program, Enums.Phase.REQUEST, "safety") ? models.safety() : Optional.empty(),
        FieldUse.reads(program, Enums.Phase.RESPONSE, "safety") ? models.safety() : Optional.empty());
  }

  /** Every detector there is, plus the given custom entities: for scanning and evaluation. */
  public static DetectorSuite all(Map<String, EntityDef> custom, Detectors models) {
    Set<String> wanted = new LinkedHashSet<>(Schema.BUILTIN_ENTITIES);
    wanted.addAll(custom.keySet());
    return build(wanted, custom, new AllowLists(List.of()), models, models.injection(), models.safety(),
        models.safety());
  }

  /**
   * The built-in detectors of the given types only (no pack entities, allow-lists, injection or
   * safety): what the audit log scans content with that the packs' own detectors do not cover.
   */
  public static DetectorSuite of(Set<String> types, Detectors models) {
    return build(new LinkedHashSet<>(types), Map.of(), new AllowLists(List.of()), models, Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  private static DetectorSuite build(Set<String> wanted, Map<String, EntityDef> custom, AllowLists allowLists,
      Detectors models, Optional<InjectionScorer> injection, Optional<SafetyScorer> promptSafety,
      Optional<SafetyScorer> answerSafety) {
    List<Detector> detectors = new ArrayList<>();
    Map<String, Double> thresholds = new HashMap<>();
    Set<String> covered = new LinkedHashSet<>();
    for (StructuredEntities.Spec s : StructuredEntities.SPECS) {
      thresholds.put(s.type(), StructuredEntities.CONTEXT_REQUIRED.getOrDefault(s.type(), s.base()));
      if (wanted.contains(s.type())) {
        detectors.add(new PatternDetector(s.type(), "pattern:" + s.type(), StructuredEntities.compile(s), s.validator(),
            s.base(), s.context(), s.anchors(), s.gate(), StructuredEntities.bounds(s)));
        covered.add(s.type());
      }
    }
    thresholds.put(PhoneDetector.TYPE, PhoneDetector.FORMATTED);
    if (wanted.contains(PhoneDetector.TYPE)) {
      detectors.add(new PhoneDetector());
      covered.add(PhoneDetector.TYPE);
    }
    thresholds.putAll(SECRET_THRESHOLDS);
    if (wanted.stream().anyMatch(SecretsDetector.TYPES::contains)) {
      detectors.add(new SecretsDetector());
      covered.addAll(SecretsDetector.TYPES);
    }
    if (models.names().isPresent() && models.names().get().types().stream().anyMatch(wanted::contains)) {
      detectors.add(models.names().get());
      covered.addAll(models.names().get().types());
    }
    for (EntityDef def : custom.values()) {
      thresholds.put(def.name(), def.score());
      if (!wanted.contains(def.name())) {
        continue;
      }
      detectors.addAll(customDetectors(def));
      covered.add(def.name());
    }
    Set<String> undetectable = new LinkedHashSet<>(wanted);
    undetectable.removeAll(covered);
    return new DetectorSuite(detectors, thresholds, undetectable, allowLists, injection, promptSafety, answerSafety);
  }

  static List<Detector> customDetectors(EntityDef def) {
    List<Detector> list = new ArrayList<>();
    Predicate<String> validator = switch (def.validator()) {
      case NONE -> v -> true;
      case LUHN -> Validators::luhn;
      case IBAN -> Validators::iban;
    };
    Context context = new Context(def.context());
    if (!def.patterns().isEmpty()) {
      List<Pattern> patterns = def.patterns().stream()
          .map(p -> Pattern.compile(p.regex(), p.caseInsensitive() ? Pattern.CASE_INSENSITIVE : 0)).toList();
      list.add(new PatternDetector(def.name(), "entity:" + def.name(), patterns, validator, def.score(), context,
          patterns.stream().map(p -> Anchors.EVERYWHERE).toList(),
          gate(def.patterns().stream().map(EntityDef.Pattern::regex).toList())));
    }
    if (!def.terms().isEmpty()) {
      Pattern terms = termsPattern(def.terms());
      list.add(new PatternDetector(def.name(), "terms:" + def.name(), List.of(terms), v -> true, def.score(), context,
          List.of(Anchors.EVERYWHERE), gate(List.of(terms.pattern()))));
    }
    return list;
  }

  /**
   * The literals one of which any match of any of the {@code regexes} holds (see
   * {@link RequiredLiterals}): a text without them is not searched. Empty (search every text)
   * when one of the regexes has none.
   */
  static List<String> gate(List<String> regexes) {
    java.util.Set<String> all = new java.util.LinkedHashSet<>();
    for (String re : regexes) {
      java.util.Optional<java.util.Set<String>> needed = RequiredLiterals.of(re);
      if (needed.isEmpty()) {
        return List.of();
      }
      all.addAll(needed.get());
    }
    return List.copyOf(all);
  }

  /** Case-insensitive whole-word alternation of literal terms, longest first; the term is group 1. */
  static Pattern termsPattern(List<String> terms) {
    List<String> sorted = new ArrayList<>(terms);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    StringBuilder alt = new StringBuilder();
    for (String t : sorted) {
      if (!alt.isEmpty()) {
        alt.append('|');
      }
      alt.append(Pattern.quote(t));
    }
    return Pattern.compile("(?:^|[^\\p{L}\\p{N}_])(" + alt + ")(?:[^\\p{L}\\p{N}_]|$)", Pattern.CASE_INSENSITIVE);
  }

  /** Every detection in the text, ordered by start offset. */
  public List<Detection> scan(String text) {
    if (text.isEmpty() || detectors.isEmpty()) {
      return List.of();
    }
    List<Detection> out = new ArrayList<>();
    TextMemo memo = new TextMemo(text);
    for (Detector d : detectors) {
      d.detect(memo, out);
    }
    out.sort(Comparator.comparingInt(Detection::start).thenComparingInt(Detection::end));
    return mergeSameType(out);
  }

  /** Overlapping detections of one type (two patterns matching one phone number) become the best one. */
  static List<Detection> mergeSameType(List<Detection> sorted) {
    List<Detection> kept = new ArrayList<>(sorted.size());
    Map<String, Integer> lastOfType = new HashMap<>();
    for (Detection d : sorted) {
      Integer last = lastOfType.get(d.type());
      if (last != null && kept.get(last).overlaps(d)) {
        if (better(d, kept.get(last))) {
          kept.set(last, d);
        }
        continue;
      }
      lastOfType.put(d.type(), kept.size());
      kept.add(d);
    }
    return kept;
  }

  private static boolean better(Detection a, Detection b) {
    return a.score() > b.score() || (a.score() == b.score() && a.length() > b.length());
  }

  @Override
  public boolean allows(String pack, String type, String value) {
    return allowLists.allows(pack, type, value);
  }

  /** The default threshold of a type: the entity's own score. */
  @Override
  public double threshold(String type) {
    return thresholds.getOrDefault(type, DEFAULT_THRESHOLD);
  }

  /** Whether a detection counts at its type's default threshold. */
  public boolean passes(Detection d) {
    return d.score() >= threshold(d.type());
  }

  /** The injection scorer, when the rules read {@code injection.*}. */
  public Optional<InjectionScorer> injection() {
    return injection;
  }

  /** The safety scorer for prompts (request phase) or answers (response phase), when rules read {@code safety.*} there. */
  public Optional<SafetyScorer> safety(Enums.Phase phase) {
    return phase == Enums.Phase.REQUEST ? promptSafety : answerSafety;
  }

  /** Entity types the rules use that no detector of this build reports yet. */
  public Set<String> undetectable() {
    return undetectable;
  }

  public boolean isEmpty() {
    return detectors.isEmpty();
  }
}
