package dev.warden.gateway.audit;

import dev.warden.dsl.model.Enums;
import dev.warden.engine.detect.Detection;
import dev.warden.engine.detect.DetectorSuite;
import dev.warden.engine.detect.Detectors;
import dev.warden.engine.eval.ChatMessage;
import dev.warden.engine.eval.Decision;
import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.redact.Pseudonyms;
import dev.warden.engine.redact.Redactor;
import dev.warden.engine.snapshot.PolicySnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The {@code content} of a record, as the rules' {@code log} level allows: nothing at
 * {@code metadata}; at {@code redacted} (the default) the messages and the answer with every
 * detected entity rewritten, whether or not a rule redacted it for the model (the rule's
 * operator where one chose it, else {@code [TYPE]}); at {@code full} the raw texts.
 *
 * <p>At {@code redacted} the texts are also scanned for the structured entities and secrets
 * ({@link #BASELINE}) that the active packs do not look for, so a pack set that never asks about
 * e-mail addresses still does not put one in the log. Thread-safe: the audit writer renders
 * async records, sync requests render their own.
 */
public final class AuditContent {
  /** Entity types every redacted log is cleaned of, whatever the packs detect. */
  static final Set<String> BASELINE = Set.of("EMAIL", "PHONE", "CREDIT_CARD", "SSN", "IBAN", "IP_ADDRESS", "API_KEY",
      "PRIVATE_KEY", "JWT", "PASSWORD");
  /** Detected values shorter than this are not looked for in the rules' texts (they would garble them). */
  static final int MIN_SCRUBBED = 3;
  /** How many of the rules' texts found clean of baseline values are remembered. */
  static final int MAX_CLEAN = 4096;
  private final Redactor redactor;
  private final boolean baseline;
  /** How many pack revisions' baseline suites are kept (the active one, a shadow, recent ones). */
  static final int MAX_REVISIONS = 16;
  /**
   * The baseline suite per pack revision: the baseline types the revision's packs do not detect;
   * the least recently used revision leaves when there are more than {@link #MAX_REVISIONS}.
   */
  private final Map<String, DetectorSuite> baselines = new LinkedHashMap<>(32, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, DetectorSuite> eldest) {
      return size() > MAX_REVISIONS;
    }
  };
  private final DetectorSuite everyBaselineType;
  /** Texts of the rules the baseline scan found nothing in. */
  private final Set<String> clean = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** @param baseline whether redacted content is scanned for the {@link #BASELINE} types too */
  public AuditContent(Redactor redactor, boolean baseline) {
    this.redactor = redactor;
    this.baseline = baseline;
    this.everyBaselineType = baseline ? DetectorSuite.of(BASELINE, Detectors.none()) : null;
    if (baseline) {
      // the detectors load their tables lazily (phone metadata, secret formats): at startup, not
      // on the first record, which would make the writer lag while requests wait on it
      fullBaseline().scan("warm up: ann@example.org +1 415 555 0132 4111 1111 1111 1111 10.0.0.1");
    }
  }

  /** The log level of a request: the least detailed a rule chose in either phase, else redacted. */
  static Enums.LogLevel level(RequestRecord r) {
    List<Enums.LogLevel> chosen = new ArrayList<>();
    r.request().flatMap(e -> chosen(e.decision())).ifPresent(chosen::add);
    r.checks().forEach(c -> chosen(c.evaluation().decision()).ifPresent(chosen::add));
    return chosen.stream().min(Enum::compareTo).orElse(Enums.LogLevel.REDACTED);
  }

  private static Optional<Enums.LogLevel> chosen(Decision d) {
    boolean explicit = d.trace().stream().anyMatch(t -> t.mode() == Enums.Mode.ENFORCE
        && t.actions().stream().anyMatch(a -> a.startsWith("log ")));
    return explicit ? Optional.of(d.log()) : Optional.empty();
  }

  /** Writes the {@code content} member, unless the level is {@code metadata} (or no rule ran). */
  void write(CanonicalOut o, RequestRecord r, Enums.LogLevel level) {
    if (level == Enums.LogLevel.METADATA || r.request().isEmpty()) {
      return;
    }
    RequestEvaluation e = r.request().get();
    boolean full = level == Enums.LogLevel.FULL;
    DetectorSuite extra = full ? null : baselineFor(e.snapshot());
    o.obj("content");
    Optional<RequestRecord.Check> last = r.lastCheck();
    Optional<String> answer = last.map(c -> c.input().text()).or(r::answer);
    if (answer.isPresent()) {
      String text = answer.get();
      if (full) {
        o.str("answer", text);
      } else {
        boolean checkedWhole = last.isPresent() && last.get().input().text().equals(text);
        List<Detection> found = checkedWhole ? last.get().evaluation().detections() : List.of();
        Map<String, Enums.RedactOp> ops = last.map(c -> ops(c.evaluation().decision())).orElse(Map.of());
        // an answer no rule checked was never scanned: clean it of every baseline type
        o.str("answer", clean(text, found, ops, checkedWhole ? extra : fullBaseline()));
      }
    }
    Map<String, Enums.RedactOp> promptOps = ops(e.decision());
    List<ChatMessage> in = e.input().messages();
    o.arr("messages");
    for (int i = 0; i < in.size(); i++) {
      ChatMessage m = in.get(i);
      o.obj();
      if (m.attached()) {
        o.bool("attached", true);
      }
      o.str("role", m.role());
      o.str("text", full ? m.content() : clean(m.content(), e.detections().get(i), promptOps, extra));
      o.close();
    }
    o.closeArray();
    o.close();
  }

  /**
   * What the record keeps of a text the rules wrote (a block message, a warning, a tag, an
   * action, an error): below {@code full}, every value detected in the request's messages or in
   * the checked answer is replaced by {@code [TYPE]}, and with {@code redact_baseline} the
   * baseline types are too: a pack may interpolate the prompt into its messages
   * ({@code warn "you sent ${prompt.text}"}), which must not bring raw values into the log.
   */
  UnaryOperator<String> scrubber(RequestRecord r, Enums.LogLevel level) {
    if (level == Enums.LogLevel.FULL || r.request().isEmpty()) {
      return UnaryOperator.identity();
    }
    // longest first, so a value that contains another is replaced whole
    Map<String, String> values = new TreeMap<>(Comparator.comparingInt(String::length).reversed()
        .thenComparing(Comparator.naturalOrder()));
    RequestEvaluation e = r.request().get();
    List<ChatMessage> in = e.input().messages();
    for (int i = 0; i < in.size() && i < e.detections().size(); i++) {
      collect(in.get(i).content(), e.detections().get(i), values);
    }
    r.lastCheck().ifPresent(c -> collect(c.input().text(), c.evaluation().detections(), values));
    DetectorSuite extra = fullBaseline();
    return text -> scrub(text, values, extra);
  }

  private static void collect(String text, List<Detection> found, Map<String, String> values) {
    for (Detection d : found) {
      if (d.end() <= text.length() && d.end() - d.start() >= MIN_SCRUBBED) {
        values.putIfAbsent(text.substring(d.start(), d.end()), d.type());
      }
    }
  }

  private String scrub(String text, Map<String, String> values, DetectorSuite extra) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (Map.Entry<String, String> v : values.entrySet()) {
      if (out.contains(v.getKey())) {
        out = out.replace(v.getKey(), "[" + v.getValue() + "]");
      }
    }
    if (extra == null || clean.contains(out)) {
      return out;
    }
    List<Detection> found = extra.scan(out);
    if (found.isEmpty()) {
      // the rules' texts repeat from request to request: scan each once
      if (clean.size() >= MAX_CLEAN) {
        clean.clear();
      }
      clean.add(out);
      return out;
    }
    Map<String, Enums.RedactOp> ops = new HashMap<>();
    found.forEach(d -> ops.put(d.type(), Enums.RedactOp.REPLACE));
    return redactor.apply(out, found, ops, new Pseudonyms()).text();
  }

  private String clean(String text, List<Detection> found, Map<String, Enums.RedactOp> chosen, DetectorSuite extra) {
    List<Detection> all = new ArrayList<>(found);
    if (extra != null && !extra.isEmpty()) {
      all.addAll(extra.scan(text));
    }
    if (all.isEmpty()) {
      return text;
    }
    Map<String, Enums.RedactOp> ops = new HashMap<>();
    for (Detection d : all) {
      ops.putIfAbsent(d.type(), chosen.getOrDefault(d.type(), Enums.RedactOp.REPLACE));
    }
    return redactor.apply(text, all, ops, new Pseudonyms()).text();
  }

  private static Map<String, Enums.RedactOp> ops(Decision d) {
    Map<String, Enums.RedactOp> ops = new HashMap<>();
    d.redactions().forEach((type, red) -> ops.put(type, red.op()));
    return ops;
  }

  private DetectorSuite fullBaseline() {
    return everyBaselineType;
  }

  /** The baseline suite for a revision's records; null when the baseline scan is off. */
  DetectorSuite baselineFor(PolicySnapshot s) {
    if (!baseline) {
      return null;
    }
    synchronized (baselines) {
      return baselineOf(s);
    }
  }

  private DetectorSuite baselineOf(PolicySnapshot s) {
    // the map evicts by itself after the insertion: a mapping function that removed an entry
    // would make computeIfAbsent throw, and every record of a 17th revision lost its content
    return baselines.computeIfAbsent(s.revision(), rev -> {
      Set<String> types = new LinkedHashSet<>(BASELINE);
      if (s.program().redactsAll()) {
        types.clear();
      } else {
        types.removeAll(s.program().usedEntityTypes());
      }
      return DetectorSuite.of(types, Detectors.none());
    });
  }
}
