package dev.warden.gateway.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.dsl.model.Enums;
import dev.warden.engine.detect.Detection;
import dev.warden.engine.eval.Decision;
import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.eval.ResponseEvaluation;
import dev.warden.engine.redact.Redactor;
import dev.warden.engine.replay.RecordedFacts;
import dev.warden.gateway.auth.VirtualKeys;
import dev.warden.gateway.providers.Upstreams;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a finished {@link RequestRecord} into the JSON of its audit record (everything but
 * {@code seq}, {@code prev} and {@code hash}, which the log adds). See docs/audit.md for the
 * members. Never writes a raw entity value except in {@code content} at the {@code full} log
 * level: detections are types, offsets and scores.
 */
public final class RecordJson {
  /** The version of the record format. */
  static final int VERSION = 1;
  /** An upstream's error text is cut to this length in a record. */
  static final int MAX_OUTCOME = 300;
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private final AuditContent content;

  public RecordJson(AuditContent content) {
    this.content = content;
  }

  /** The record's JSON, without seq, prev and hash. */
  public ObjectNode write(RequestRecord r) {
    ObjectNode o = F.objectNode();
    o.put("type", "request");
    o.put("v", VERSION);
    o.put("id", r.id());
    o.put("time", DateTimeFormatter.ISO_INSTANT.format(r.time()));
    o.put("path", r.path());
    o.put("endpoint", r.endpoint());
    o.put("status", r.status());
    o.put("outcome", r.outcome());
    r.error().ifPresent(e -> o.putObject("error").put("type", e.type()).put("code", e.code())
        .put("message", e.getMessage()));
    r.key().ifPresent(k -> o.set("principal", FactsJson.principal(VirtualKeys.principal(k))));
    Optional<RequestEvaluation> evaluation = r.request();
    Optional<ResponseEvaluation> answer = r.lastCheck().map(RequestRecord.Check::evaluation);
    evaluation.ifPresent(e -> {
      o.put("revision", e.snapshot().revision());
      ObjectNode model = o.putObject("model");
      model.put("asked", e.facts().getRequest().model());
      model.put("served", r.servedModel());
      ArrayNode cands = model.putArray("candidates");
      r.candidates().forEach(cands::add);
      ObjectNode decision = o.putObject("decision");
      decision.set("request", DecisionJson.write(e.decision()));
      answer.ifPresent(a -> decision.set("response", DecisionJson.write(a.decision())));
      if (!r.checks().isEmpty()) {
        decision.put("response_checks", r.checks().size());
      }
      blockedBy(e.decision(), "request").or(() -> answer.flatMap(a -> blockedBy(a.decision(), "response")))
          .ifPresent(b -> o.set("blocked_by", b));
      ObjectNode detections = o.putObject("detections");
      detections.set("prompt", summary(e.detections().stream().flatMap(List::stream).toList()));
      answer.ifPresent(a -> detections.set("answer", summary(a.detections())));
      ObjectNode redactions = o.putObject("redactions");
      redactions.set("prompt", applied(e.applied().stream().flatMap(List::stream).toList(), e.decision()));
      answer.ifPresent(a -> redactions.set("answer", applied(a.applied(), a.decision())));
      ObjectNode tags = o.putObject("tags");
      e.decision().tags().forEach(tags::put);
      answer.ifPresent(a -> a.decision().tags().forEach(tags::put));
      o.set("facts", FactsJson.write(RecordedFacts.of(e, answer)));
    });
    ArrayNode attempts = o.putArray("attempts");
    for (Upstreams.Attempt a : r.attempts()) {
      attempts.addObject().put("model", a.model()).put("provider", a.provider()).put("status", a.status())
          .put("ms", a.micros() / 1000.0).put("outcome", cut(a.outcome()));
    }
    ObjectNode tokens = o.putObject("tokens");
    r.promptTokens().ifPresentOrElse(t -> tokens.put("prompt", t), () -> tokens.putNull("prompt"));
    r.completionTokens().ifPresentOrElse(t -> tokens.put("completion", t), () -> tokens.putNull("completion"));
    if (r.promptTokens().isPresent()) {
      tokens.put("total", r.promptTokens().getAsInt() + r.completionTokens().orElse(0));
      tokens.put("counted_by", r.tokensCounted() ? "gateway" : "provider");
    }
    RequestRecord.Metering m = r.meteringInfo();
    m.costUsd().ifPresentOrElse(c -> o.put("cost_usd", c), () -> o.putNull("cost_usd"));
    if (m.reservation().isPresent() || m.reservedUsd().isPresent()) {
      ObjectNode res = o.putObject("reservation");
      m.reservation().ifPresent(x -> res.put("id", x));
      m.reservedUsd().ifPresent(x -> res.put("usd", x));
      m.settlement().ifPresent(x -> res.put("settled", x));
    } else {
      o.putNull("reservation");
    }
    ArrayNode warnings = o.putArray("warnings");
    r.warnings().forEach(warnings::add);
    o.put("streamed", r.streamed());
    ObjectNode latency = o.putObject("latency_ms");
    latency.put("total", r.totalNanos() / 1e6);
    latency.put("upstream", r.upstreamNanos() / 1e6);
    latency.put("gateway", r.gatewayNanos() / 1e6);
    Enums.LogLevel level = AuditContent.level(r);
    o.put("log", Enums.word(level));
    content.content(r, level).ifPresent(c -> o.set("content", c));
    return o;
  }

  private static Optional<ObjectNode> blockedBy(Decision d, String phase) {
    return d.block().map(b -> {
      ObjectNode x = F.objectNode();
      x.put("rule", b.rule());
      x.put("origin", b.origin());
      x.put("status", b.status());
      x.put("phase", phase);
      return x;
    });
  }

  /** Per entity type: how many detections, the best score, and how many pass the type's threshold is the rules' business. */
  private static ArrayNode summary(List<Detection> ds) {
    Map<String, double[]> byType = new TreeMap<>();
    for (Detection d : ds) {
      double[] x = byType.computeIfAbsent(d.type(), k -> new double[2]);
      x[0]++;
      x[1] = Math.max(x[1], d.score());
    }
    ArrayNode out = F.arrayNode();
    byType.forEach((type, x) -> out.addObject().put("type", type).put("count", (int) x[0]).put("max_score", x[1]));
    return out;
  }

  /** Per entity type rewritten: the operator, the rule that chose it, how many values. */
  private static ArrayNode applied(List<Redactor.Applied> applied, Decision d) {
    Map<String, int[]> count = new TreeMap<>();
    Map<String, String> op = new TreeMap<>();
    for (Redactor.Applied a : applied) {
      count.computeIfAbsent(a.type(), k -> new int[1])[0]++;
      op.put(a.type(), Enums.word(a.op()));
    }
    ArrayNode out = F.arrayNode();
    count.forEach((type, n) -> {
      Decision.Redaction red = d.redactions().get(type);
      out.addObject().put("type", type).put("op", op.get(type)).put("rule", red == null ? "" : red.rule())
          .put("count", n[0]);
    });
    return out;
  }

  private static String cut(String s) {
    return s.length() <= MAX_OUTCOME ? s : s.substring(0, MAX_OUTCOME) + "...";
  }
}
