package dev.warden.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.facts.BudgetState;
import dev.warden.engine.facts.Budgets;
import dev.warden.engine.facts.Injection;
import dev.warden.engine.facts.Principal;
import dev.warden.engine.facts.RequestInfo;
import dev.warden.engine.facts.Safety;
import dev.warden.engine.facts.TimeFacts;
import dev.warden.engine.replay.RecordedAnswer;
import dev.warden.engine.replay.RecordedDetection;
import dev.warden.engine.replay.RecordedFacts;
import dev.warden.engine.replay.RecordedText;
import dev.warden.dsl.model.Enums;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code facts} member of an audit record: what the rules saw, in JSON, and back. Texts are
 * not written here (the record's {@code content} keeps what the log level allows); a reader
 * puts them back with {@link RecordedFacts#withTexts}. Reading is strict: a member of the wrong
 * type is an {@link IllegalArgumentException} that names it.
 */
public final class FactsJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private FactsJson() {}

  public static ObjectNode write(RecordedFacts f) {
    ObjectNode o = F.objectNode();
    ArrayNode allowed = o.putArray("allowed_models");
    f.allowedModels().stream().sorted().forEach(allowed::add);
    RequestInfo r = f.request();
    ObjectNode req = o.putObject("request");
    req.put("model", r.model());
    req.put("endpoint", r.endpoint());
    req.put("stream", r.stream());
    req.put("max_tokens", r.maxTokens());
    ObjectNode tags = req.putObject("tags");
    new java.util.TreeMap<>(r.tags()).forEach(tags::put);
    o.set("prompt", text(f.prompt()));
    o.set("system", text(f.system()));
    ObjectNode inj = o.putObject("injection");
    inj.put("score", f.injection().score());
    ArrayNode signals = inj.putArray("signals");
    f.injection().signals().forEach(signals::add);
    o.set("safety", safety(f.safety()));
    ObjectNode budgets = o.putObject("budgets");
    for (Enums.Scope s : Enums.Scope.values()) {
      BudgetState b = f.budgets().of(s);
      if (b.set()) {
        ObjectNode x = budgets.putObject(Enums.word(s));
        number(x, "used", b.used());
        number(x, "spent", b.spent());
        number(x, "limit", b.limit());
        number(x, "remaining", b.remaining());
      }
    }
    ObjectNode time = o.putObject("time");
    time.put("hour", f.time().hour());
    time.put("weekday", f.time().weekday());
    f.answer().ifPresent(a -> {
      ObjectNode ans = o.putObject("answer");
      ans.put("served_model", a.servedModel());
      ans.set("text", text(a.text()));
      ans.put("finish_reason", a.finishReason());
      ans.put("system_overlap", a.systemOverlap());
      ans.set("safety", safety(a.safety()));
    });
    return o;
  }

  /** The principal as records show it (also outside {@code facts}). */
  public static ObjectNode principal(Principal p) {
    ObjectNode o = F.objectNode();
    o.put("key", p.key());
    o.put("user", p.user());
    o.put("team", p.team());
    o.put("tenant", p.tenant());
    o.put("app", p.app());
    o.put("region", p.region());
    o.put("env", p.env());
    ArrayNode roles = o.putArray("roles");
    p.roles().forEach(roles::add);
    return o;
  }

  private static ObjectNode text(RecordedText t) {
    ObjectNode o = F.objectNode();
    o.put("tokens", t.tokens());
    o.put("messages", t.messages());
    ArrayNode ds = o.putArray("detections");
    for (RecordedDetection d : t.detections()) {
      ObjectNode x = ds.addObject();
      x.put("type", d.type());
      x.put("start", d.start());
      x.put("end", d.end());
      x.put("score", d.score());
      x.put("detector", d.detector());
      if (!d.allowedBy().isEmpty()) {
        ArrayNode by = x.putArray("allowed_by");
        d.allowedBy().forEach(by::add);
      }
    }
    return o;
  }

  private static ObjectNode safety(Safety s) {
    ObjectNode o = F.objectNode();
    o.put("hate", s.hate());
    o.put("violence", s.violence());
    o.put("self_harm", s.selfHarm());
    o.put("sexual", s.sexual());
    return o;
  }

  /** JSON has no infinity: a budget used without a limit is written as the string "Infinity". */
  private static void number(ObjectNode o, String k, double v) {
    if (Double.isFinite(v)) {
      o.put(k, v);
    } else {
      o.put(k, Double.toString(v));
    }
  }

  // ------------------------------------------------------------------ reading

  /** The facts of a record, texts empty. */
  public static RecordedFacts read(JsonNode principal, JsonNode facts) {
    Principal p = new Principal(str(principal, "key"), str(principal, "user"), str(principal, "team"),
        str(principal, "tenant"), str(principal, "app"), str(principal, "region"), str(principal, "env"),
        strings(principal, "roles"));
    JsonNode r = obj(facts, "request");
    Map<String, String> tags = new LinkedHashMap<>();
    obj(r, "tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
    RequestInfo info = new RequestInfo(str(r, "model"), str(r, "endpoint"), bool(r, "stream"), num(r, "max_tokens"),
        tags);
    JsonNode inj = obj(facts, "injection");
    JsonNode time = obj(facts, "time");
    Map<Enums.Scope, BudgetState> budgets = new java.util.EnumMap<>(Enums.Scope.class);
    for (var e : obj(facts, "budgets").properties()) {
      Enums.Scope scope = Enums.parse(Enums.Scope.class, e.getKey());
      JsonNode b = e.getValue();
      budgets.put(scope, new BudgetState(true, num(b, "used"), num(b, "spent"), num(b, "limit"), num(b, "remaining")));
    }
    Optional<RecordedAnswer> answer = Optional.empty();
    if (facts.has("answer")) {
      JsonNode a = obj(facts, "answer");
      answer = Optional.of(new RecordedAnswer(str(a, "served_model"), text(obj(a, "text")), str(a, "finish_reason"),
          num(a, "system_overlap"), safety(obj(a, "safety"))));
    }
    Set<String> allowed = new LinkedHashSet<>(strings(facts, "allowed_models"));
    return new RecordedFacts(p, allowed, info, text(obj(facts, "prompt")), text(obj(facts, "system")),
        new Injection(num(inj, "score"), strings(inj, "signals")), safety(obj(facts, "safety")), Budgets.of(budgets),
        new TimeFacts(num(time, "hour"), str(time, "weekday")), answer);
  }

  private static RecordedText text(JsonNode t) {
    List<RecordedDetection> ds = new ArrayList<>();
    JsonNode arr = t.path("detections");
    if (!arr.isArray()) {
      throw new IllegalArgumentException("detections must be a list");
    }
    for (JsonNode d : arr) {
      ds.add(new RecordedDetection(str(d, "type"), (int) num(d, "start"), (int) num(d, "end"), num(d, "score"),
          str(d, "detector"), d.has("allowed_by") ? strings(d, "allowed_by") : List.of()));
    }
    return new RecordedText("", num(t, "tokens"), num(t, "messages"), ds);
  }

  private static Safety safety(JsonNode s) {
    return new Safety(num(s, "hate"), num(s, "violence"), num(s, "self_harm"), num(s, "sexual"));
  }

  private static JsonNode obj(JsonNode n, String k) {
    JsonNode v = n.path(k);
    if (!v.isObject()) {
      throw new IllegalArgumentException(k + " must be an object");
    }
    return v;
  }

  private static String str(JsonNode n, String k) {
    JsonNode v = n.path(k);
    if (!v.isTextual()) {
      throw new IllegalArgumentException(k + " must be a string");
    }
    return v.textValue();
  }

  private static boolean bool(JsonNode n, String k) {
    JsonNode v = n.path(k);
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(k + " must be true or false");
    }
    return v.booleanValue();
  }

  private static double num(JsonNode n, String k) {
    JsonNode v = n.path(k);
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual() && (v.textValue().equals("Infinity") || v.textValue().equals("-Infinity"))) {
      return Double.parseDouble(v.textValue());
    }
    throw new IllegalArgumentException(k + " must be a number");
  }

  private static List<String> strings(JsonNode n, String k) {
    JsonNode v = n.path(k);
    if (!v.isArray()) {
      throw new IllegalArgumentException(k + " must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode x : v) {
      if (!x.isTextual()) {
        throw new IllegalArgumentException(k + " must be a list of strings");
      }
      out.add(x.textValue());
    }
    return out;
  }
}
