package dev.warden.gateway.audit;

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
import java.util.function.UnaryOperator;

/**
 * Renders a finished {@link RequestRecord} as its audit line's canonical JSON (without
 * {@code hash}, which the chain appends), written member by member in name order rather than
 * built as a tree and sorted: the writer thread renders every request. See docs/audit.md for
 * the members. Never writes a raw entity value except in {@code content} at the {@code full}
 * log level: detections are types, offsets and scores. Thread-safe: async records are rendered
 * on the writer thread, sync ones on their request's ({@link #prepare}).
 */
public final class RecordJson {
  /** The version of the record format. */
  static final int VERSION = 1;
  /** An upstream's error text is cut to this length in a record. */
  static final int MAX_OUTCOME = 300;
  /** Writers kept for reuse (each holds a 16 KB buffer); more threads than this at once allocate their own. */
  private static final int POOLED = 16;
  private final AuditContent content;
  private final java.util.concurrent.ArrayBlockingQueue<CanonicalOut> outs =
      new java.util.concurrent.ArrayBlockingQueue<>(POOLED);

  public RecordJson(AuditContent content) {
    this.content = content;
  }

  /** The record's canonical bytes, chained to {@code prev} as number {@code seq}. */
  public byte[] render(RequestRecord r, long seq, String prev) {
    return prepare(r).chained(seq, prev);
  }

  /** The record's canonical bytes with its place in the chain ({@code prev}, {@code seq}) left to fill in. */
  Prepared prepare(RequestRecord r) {
    CanonicalOut pooled = outs.poll();
    CanonicalOut o = (pooled == null ? new CanonicalOut() : pooled).begin();
    try {
      return write(o, r);
    } finally {
      outs.offer(o);
    }
  }

  private Prepared write(CanonicalOut o, RequestRecord r) {
    Optional<RequestEvaluation> evaluation = r.request();
    Optional<ResponseEvaluation> answer = r.lastCheck().map(RequestRecord.Check::evaluation);
    Enums.LogLevel level = AuditContent.level(r);
    UnaryOperator<String> scrub = content.scrubber(r, level);
    o.arr("attempts");
    for (Upstreams.Attempt a : r.attempts()) {
      o.obj().str("model", a.model()).num("ms", a.micros() / 1000.0).str("outcome", cut(a.outcome()))
          .str("provider", a.provider()).num("status", a.status()).close();
    }
    o.closeArray();
    evaluation.flatMap(e -> blockedBy(e.decision(), "request"))
        .or(() -> answer.flatMap(a -> blockedBy(a.decision(), "response")))
        .ifPresent(b -> o.obj("blocked_by").str("origin", b.block().origin()).str("phase", b.phase())
            .str("rule", b.block().rule()).num("status", b.block().status()).close());
    content.write(o, r, level);
    RequestRecord.Metering m = r.meteringInfo();
    if (m.costUsd().isPresent()) {
      o.num("cost_usd", m.costUsd().getAsDouble());
    } else {
      o.nul("cost_usd");
    }
    evaluation.ifPresent(e -> {
      o.obj("decision");
      DecisionJson.write(o, "request", e.decision(), scrub);
      answer.ifPresent(a -> DecisionJson.write(o, "response", a.decision(), scrub));
      if (!r.checks().isEmpty()) {
        o.num("response_checks", r.checks().size());
      }
      o.close();
      o.obj("detections");
      answer.ifPresent(a -> summary(o, "answer", a.detections()));
      summary(o, "prompt", e.detections().stream().flatMap(List::stream).toList());
      o.close();
    });
    o.str("endpoint", r.endpoint());
    r.error().ifPresent(e -> o.obj("error").str("code", e.code()).str("message", scrub.apply(e.getMessage()))
        .str("type", e.type()).close());
    evaluation.ifPresent(e -> FactsJson.write(o, "facts", RecordedFacts.of(e, answer)));
    o.str("id", r.id());
    o.obj("latency_ms").num("gateway", r.gatewayNanos() / 1e6).num("total", r.totalNanos() / 1e6)
        .num("upstream", r.upstreamNanos() / 1e6).close();
    o.str("log", Enums.word(level));
    evaluation.ifPresent(e -> o.obj("model").str("asked", e.facts().getRequest().model())
        .strings("candidates", r.candidates()).str("served", r.servedModel()).close());
    o.str("outcome", r.outcome());
    o.str("path", r.path());
    o.hashSlot("prev");
    r.key().ifPresent(k -> FactsJson.principal(o, "principal", VirtualKeys.principal(k)));
    evaluation.ifPresent(e -> {
      o.obj("redactions");
      answer.ifPresent(a -> applied(o, "answer", a.applied(), a.decision()));
      applied(o, "prompt", e.applied().stream().flatMap(List::stream).toList(), e.decision());
      o.close();
    });
    if (m.reservation().isPresent() || m.reservedUsd().isPresent()) {
      o.obj("reservation");
      m.reservation().ifPresent(x -> o.str("id", x));
      m.settlement().ifPresent(x -> o.str("settled", x));
      m.reservedUsd().ifPresent(x -> o.num("usd", x));
      o.close();
    } else {
      o.nul("reservation");
    }
    evaluation.ifPresent(e -> o.str("revision", e.snapshot().revision()));
    o.seqSlot("seq");
    o.num("status", r.status());
    o.bool("streamed", r.streamed());
    evaluation.ifPresent(e -> {
      TreeMap<String, String> tags = new TreeMap<>(e.decision().tags());
      answer.ifPresent(a -> tags.putAll(a.decision().tags()));
      o.map("tags", DecisionJson.scrubbed(tags, scrub));
    });
    o.str("time", DateTimeFormatter.ISO_INSTANT.format(r.time()));
    o.obj("tokens");
    if (r.completionTokens().isPresent()) {
      o.num("completion", r.completionTokens().getAsInt());
    } else {
      o.nul("completion");
    }
    if (r.promptTokens().isPresent()) {
      o.str("counted_by", r.tokensCounted() ? "gateway" : "provider");
      o.num("prompt", r.promptTokens().getAsInt());
      o.num("total", r.promptTokens().getAsInt() + r.completionTokens().orElse(0));
    } else {
      o.nul("prompt");
    }
    o.close();
    o.str("type", "request");
    o.num("v", VERSION);
    o.strings("warnings", r.warnings().stream().map(scrub).toList());
    return o.prepared();
  }

  private record Blocked(Decision.Block block, String phase) {}

  private static Optional<Blocked> blockedBy(Decision d, String phase) {
    return d.block().map(b -> new Blocked(b, phase));
  }

  /** Per entity type: how many detections and the best score. */
  private static void summary(CanonicalOut o, String name, List<Detection> ds) {
    Map<String, double[]> byType = new TreeMap<>();
    for (Detection d : ds) {
      double[] x = byType.computeIfAbsent(d.type(), k -> new double[2]);
      x[0]++;
      x[1] = Math.max(x[1], d.score());
    }
    o.arr(name);
    byType.forEach((type, x) -> o.obj().num("count", (long) x[0]).num("max_score", x[1]).str("type", type).close());
    o.closeArray();
  }

  /** Per entity type rewritten: how many values, the operator, the rule that chose it. */
  private static void applied(CanonicalOut o, String name, List<Redactor.Applied> applied, Decision d) {
    Map<String, int[]> count = new TreeMap<>();
    Map<String, String> op = new TreeMap<>();
    for (Redactor.Applied a : applied) {
      count.computeIfAbsent(a.type(), k -> new int[1])[0]++;
      op.put(a.type(), Enums.word(a.op()));
    }
    o.arr(name);
    count.forEach((type, n) -> {
      Decision.Redaction red = d.redactions().get(type);
      o.obj().num("count", n[0]).str("op", op.get(type)).str("rule", red == null ? "" : red.rule()).str("type", type)
          .close();
    });
    o.closeArray();
  }

  private static String cut(String s) {
    return s.length() <= MAX_OUTCOME ? s : s.substring(0, MAX_OUTCOME) + "...";
  }
}
