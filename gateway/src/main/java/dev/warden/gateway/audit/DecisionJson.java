package dev.warden.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.dsl.model.Enums;
import dev.warden.engine.eval.Decision;
import dev.warden.engine.replay.Outcome;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A decision in an audit record: the block, every fired rule with its {@code file:line:col},
 * what monitor rules would have done, redactions, routing, warnings, tags, limits and the log
 * level; and back, as the {@link Outcome} a replay compares with.
 */
public final class DecisionJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private DecisionJson() {}

  public static ObjectNode write(Decision d) {
    ObjectNode o = F.objectNode();
    o.put("allowed", d.allowed());
    d.block().ifPresentOrElse(b -> {
      ObjectNode x = o.putObject("block");
      x.put("status", b.status());
      x.put("rule", b.rule());
      x.put("origin", b.origin());
      x.put("message", b.message());
    }, () -> o.putNull("block"));
    ArrayNode fired = o.putArray("fired");
    for (Decision.FiredRule f : d.trace()) {
      ObjectNode x = fired.addObject();
      x.put("rule", f.rule());
      x.put("origin", f.origin());
      x.put("priority", f.priority());
      x.put("mode", Enums.word(f.mode()));
      ArrayNode actions = x.putArray("actions");
      f.actions().forEach(actions::add);
    }
    ArrayNode would = o.putArray("would_have");
    d.wouldHave().forEach(w -> would.addObject().put("rule", w.rule()).put("action", w.action()));
    ObjectNode red = o.putObject("redactions");
    d.redactions().forEach((type, r) -> red.putObject(type).put("op", Enums.word(r.op())).put("rule", r.rule()));
    Decision.Routing rt = d.routing();
    ObjectNode routing = o.putObject("routing");
    routing.put("asked", rt.asked());
    rt.chosen().ifPresentOrElse(c -> routing.put("chosen", c), () -> routing.putNull("chosen"));
    ArrayNode fb = routing.putArray("fallbacks");
    rt.fallbacks().forEach(fb::add);
    ArrayNode cb = routing.putArray("constrained_by");
    rt.constrainedBy().forEach(cb::add);
    rt.routedBy().ifPresentOrElse(r -> routing.put("routed_by", r), () -> routing.putNull("routed_by"));
    routing.put("reason", rt.reason());
    ArrayNode warnings = o.putArray("warnings");
    d.warnings().forEach(w -> warnings.addObject().put("rule", w.rule()).put("message", w.message()));
    ObjectNode tags = o.putObject("tags");
    d.tags().forEach(tags::put);
    ArrayNode limits = o.putArray("limits");
    for (Decision.Limit l : d.limits()) {
      limits.addObject().put("scope", Enums.word(l.scope())).put("subject", l.subject()).put("amount", l.amount())
          .put("unit", Enums.word(l.unit())).put("per", Enums.word(l.per())).put("rule", l.rule());
    }
    o.put("log", Enums.word(d.log()));
    return o;
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
