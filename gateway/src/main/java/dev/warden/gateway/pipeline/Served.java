package dev.warden.gateway.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.providers.Upstreams;
import java.util.List;

/**
 * A served request: the body for the caller, the model that served it, the warnings of the
 * request and response rules (x-warden-warning), the upstream attempts, and the pack revision.
 */
public record Served(ObjectNode body, String model, List<String> warnings, List<Upstreams.Attempt> attempts,
    String revision) {
  public Served {
    warnings = List.copyOf(warnings);
    attempts = List.copyOf(attempts);
  }
}
