package dev.warden.gateway.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.providers.Upstreams;
import java.util.List;
import java.util.Map;

/**
 * A served request: the body for the caller, the model that served it, the warnings of the
 * request and response rules (x-warden-warning), the upstream attempts, the pack revision, and
 * the headers the answer carries besides (the x-ratelimit-* headers).
 */
public record Served(ObjectNode body, String model, List<String> warnings, List<Upstreams.Attempt> attempts,
    String revision, Map<String, String> headers) {
  public Served {
    warnings = List.copyOf(warnings);
    attempts = List.copyOf(attempts);
    headers = Map.copyOf(headers);
  }

  public Served(ObjectNode body, String model, List<String> warnings, List<Upstreams.Attempt> attempts,
      String revision) {
    this(body, model, warnings, attempts, revision, Map.of());
  }
}
