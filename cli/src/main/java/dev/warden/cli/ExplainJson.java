package dev.warden.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warden.dsl.model.Enums;
import dev.warden.engine.eval.Decision;
import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.eval.ResponseEvaluation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The decision as JSON, for scripts: the records serialise as they are, detections without raw values,
 * and {@code limits} says what each limit counts against, as {@link ExplainText} does: a limit on a scope
 * the caller has no value for (a key made without a user, say) counts against the caller's own key, which
 * the decision's own {@code "subject": ""} does not say.
 */
final class ExplainJson {
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
      .enable(SerializationFeature.INDENT_OUTPUT);

  private ExplainJson() {}

  static String of(RequestEvaluation r, Optional<ResponseEvaluation> resp) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("revision", r.snapshot().revision());
    root.put("request", r.decision());
    root.put("detections", r.detections());
    root.put("messages", r.redactedMessages());
    String key = r.input().principal().key();
    root.put("limits", r.decision().limits().stream().map(l -> limit(l, key)).toList());
    resp.ifPresent(x -> {
      root.put("response", x.decision());
      root.put("answer", x.toCaller());
    });
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One limit: its rule, amount and what it counts against ({@code applies_to}: a scope and value, or the key). */
  private static Map<String, Object> limit(Decision.Limit l, String key) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rule", l.rule());
    m.put("scope", Enums.word(l.scope()));
    boolean own = l.subject().isEmpty();
    Map<String, Object> to = new LinkedHashMap<>();
    to.put("scope", own ? "key" : Enums.word(l.scope()));
    to.put("value", own ? (key.isEmpty() ? null : key) : l.subject());
    if (own && l.scope() != Enums.Scope.KEY) {
      to.put("because", "the caller has no " + Enums.word(l.scope()));
    }
    m.put("applies_to", to);
    m.put("amount", l.amount());
    m.put("unit", Enums.word(l.unit()));
    m.put("per", Enums.word(l.per()));
    return m;
  }
}
