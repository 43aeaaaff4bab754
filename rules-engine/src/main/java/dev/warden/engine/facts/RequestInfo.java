package dev.warden.engine.facts;

import java.util.Map;
import java.util.Objects;

/** What was asked: model, endpoint, streaming, max_tokens and caller tags. */
public record RequestInfo(String model, String endpoint, boolean stream, double maxTokens, Map<String, String> tags) {
  public RequestInfo {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(endpoint, "endpoint");
    tags = Map.copyOf(tags);
  }

  /** The caller's tag, or "" when absent. */
  public String tag(String key) {
    return tags.getOrDefault(key, "");
  }
}
