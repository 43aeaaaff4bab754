package dev.warden.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
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
  private FactsJson() {}

  /** Writes the facts as member {@code name} (texts left out), members in canonical order. */
  static void write(CanonicalOut o, String name, RecordedFacts f) {
    o.obj(name);
    o.strings("allowed_models", new java.util.TreeSet<>(f.allowedModels()));
    f.answer().ifPresent(a -> {
      o.obj("answer");
      o.str("finish_reason", a.finishReason());
      safety(o, "safety", a.safety());
      o.str("served_model", a.servedModel());
      o.num("system_overlap", a.systemOverlap());
      text(o, "text", a.text());
      o.close();
    });
    o.obj("budgets");
    java.util.TreeMap<String, BudgetState> budgets = new java.util.TreeMap<>();
    for (Enums.Scope s : Enums.Scope.values()) {
      if (f.budgets().of(s).set()) {
        budgets.put(Enums.word(s), f.budgets().of(s));
      }
    }
    budgets.forEach((scope, b) -> o.obj(scope).num("limit", b.limit()).num("remaining", b.remaining())
        .num("spent", b.spent()).num("used", b.used()).close());
    o.close();
    o.obj("injection").num("score", f.injection().score()).strings("signals", f.injection().signals()).close();
    text(o, "prompt", f.prompt());
    RequestInfo r = f.request();
    o.obj("request").str("endpoint", r.endpoint()).num("max_tokens", r.maxTokens()).str("model", r.model())
        .bool("stream", r.stream()).map("tags", r.tags()).close();
    safety(o, "safety", f.safety());
    text(o, "system", f.system());
    o.obj("time").num("hour", f.time().hour()).str("weekday", f.time().weekday()).close();
    o.close();
  }

  /** The principal as records show it. */
  static void principal(CanonicalOut o, String name, Principal p) {
    o.obj(name).str("app", p.app()).str("env", p.env()).str("key", p.key()).str("region", p.region())
        .strings("roles", p.roles()).str("team", p.team()).str("tenant", p.tenant()).str("user", p.user()).close();
  }

  private static void text(CanonicalOut o, String name, RecordedText t) {
    o.obj(name);
    o.arr("detections");
    for (RecordedDetection d : t.detections()) {
      o.obj();
      if (!d.allowedBy().isEmpty()) {
        o.strings("allowed_by", d.allowedBy());
      }
      o.str("detector", d.detector()).num("end", d.end()).num("score", d.score()).num("start", d.start())
          .str("type", d.type()).close();
    }
    o.closeArray();
    o.num("messages", t.messages());
    o.num("tokens", t.tokens());
    o.close();
  }

  private static void safety(CanonicalOut o, String name, Safety s) {
    o.obj(name).num("hate", s.hate()).num("self_harm", s.selfHarm()).num("sexual", s.sexual())
        .num("violence", s.violence()).close();
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
