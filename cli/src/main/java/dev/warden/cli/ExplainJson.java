package dev.warden.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.eval.ResponseEvaluation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The decision as JSON, for scripts: the records serialise as they are, detections without raw values. */
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
}
