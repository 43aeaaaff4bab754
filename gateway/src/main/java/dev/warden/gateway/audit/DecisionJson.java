package dev.warden.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.dsl.model.Enums;
import dev.warden.engine.eval.Decision;
import dev.warden.engine.replay.Outcome;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A decision in an audit record: the block, every fired rule with its {@code file:line:col},
 * what monitor rules would have done, redactions, routing, warnings, tags, limits and the log
 * level; and back, as the {@link Outcome} a replay compares with.
 */
public final class DecisionJson {
  private DecisionJson() {}

  /**
   * Writes a decision as member {@code name}, members in canonical order; the texts the rules
   * wrote (messages, actions, tags, warnings) go through {@code scrub}.
   */
  static void write(CanonicalOut o, String name, Decision d, UnaryOperator<String> scrub) {
    o.obj(name);
    o.bool("allowed", d.allowed());
    d.block().ifPresentOrElse(b -> o.obj("block").str("message", scrub.apply(b.message())).str("origin", b.origin())
        .str("rule", b.rule()).num("status", b.status()).close(), () -> o.nul("block"));
    o.arr("fired");
    for (Decision.FiredRule f : d.trace()) {
      o.obj().strings("actions", f.actions().stream().map(scrub).toList()).str("mode", Enums.word(f.mode())).str("origin", f.origin())
          .num("priority", f.priority()).str("rule", f.rule()).close();
    }
    o.closeArray();
    o.arr("limits");
    for (Decision.Limit l : d.limits()) {
      o.obj().num("amount", l.amount()).str("per", Enums.word(l.per())).str("rule", l.rule())
          .str("scope", Enums.word(l.scope())).str("subject", l.subject()).str("unit", Enums.word(l.unit())).close();
    }
    o.closeArray();
    o.str("log", Enums.word(d.log()));
    o.obj("redactions");
    new java.util.TreeMap<>(d.redactions()).forEach((type, r) -> o.obj(type).str("op", Enums.word(r.op()))
        .str("rule", r.rule()).close());
    o.close();
    Decision.Routing rt = d.routing();
    o.obj("routing").str("asked", rt.asked()).str("chosen", rt.chosen().orElse(null))
        .strings("constrained_by", rt.constrainedBy()).strings("fallbacks", rt.fallbacks()).str("reason", rt.reason())
        .str("routed_by", rt.routedBy().orElse(null)).close();
    o.map("tags", scrubbed(d.tags(), scrub));
    o.arr("warnings");
    d.warnings().forEach(w -> o.obj().str("message", scrub.apply(w.message())).str("rule", w.rule()).close());
    o.closeArray();
    o.arr("would_have");
    d.wouldHave().forEach(w -> o.obj().str("action", scrub.apply(w.action())).str("rule", w.rule()).close());
    o.closeArray();
    o.close();
  }

  /** Tags with their values scrubbed, in name order. */
  static Map<String, String> scrubbed(Map<String, String> tags, UnaryOperator<String> scrub) {
    Map<String, String> out = new java.util.TreeMap<>();
    tags.forEach((k, v) -> out.put(k, scrub.apply(v)));
    return out;
  }

  /** What a recorded request came to: its request decision and, when present, its response decision. */
  public static Outcome outcome(JsonNode request, Optional<JsonNode> response) {
    Optional<Outcome.Block> block = block(request).or(() -> response.flatMap(DecisionJson::block));
    Set<String> fired = new LinkedHashSet<>();
    request.path("fired").forEach(f -> fired.add(f.path("rule").asText()));
    response.ifPresent(r -> r.path("fired").forEach(f -> fired.add(f.path("rule").asText())));
    JsonNode routing = request.path("routing");
    String routedBy = routing.path("routed_by").isTextual() ? routing.path("routed_by").asText()
        : String.join(", ", strings(routing.path("constrained_by")));
    Optional<String> model = request.path("block").isObject() || !routing.path("chosen").isTextual()
        ? Optional.empty() : Optional.of(routing.path("chosen").asText());
    return new Outcome(block, model, routedBy, redactions(request),
        response.map(DecisionJson::redactions).orElse(Map.of()), fired);
  }

  private static Optional<Outcome.Block> block(JsonNode d) {
    JsonNode b = d.path("block");
    return b.isObject() ? Optional.of(new Outcome.Block(b.path("rule").asText(), b.path("status").asInt()))
        : Optional.empty();
  }

  private static Map<String, Outcome.Redaction> redactions(JsonNode d) {
    Map<String, Outcome.Redaction> out = new LinkedHashMap<>();
    d.path("redactions").properties().forEach(e -> out.put(e.getKey(),
        new Outcome.Redaction(e.getValue().path("op").asText(), e.getValue().path("rule").asText())));
    return out;
  }

  private static java.util.List<String> strings(JsonNode arr) {
    java.util.List<String> out = new java.util.ArrayList<>();
    arr.forEach(x -> out.add(x.asText()));
    return out;
  }
}
