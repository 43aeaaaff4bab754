package dev.warden.gateway.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.chat.OpenAiChat;
import dev.warden.gateway.providers.Upstreams;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A served request: the body for the caller, the model that served it, the warnings of the
 * request and response rules (x-warden-warning), the upstream attempts, the pack revision, and
 * the headers the answer carries besides (the x-ratelimit-* headers). An answer passed on as
 * the upstream wrote it has its bytes in {@code passedOn} (then {@code body} is read from them
 * only when asked for).
 */
public record Served(ObjectNode body, String model, List<String> warnings, List<Upstreams.Attempt> attempts,
    String revision, Map<String, String> headers, byte[] passedOn) {
  public Served {
    warnings = List.copyOf(warnings);
    attempts = List.copyOf(attempts);
    headers = Map.copyOf(headers);
    if ((body == null) == (passedOn == null)) {
      throw new IllegalArgumentException("a served answer is a tree or bytes passed on, one of the two");
    }
  }

  public Served(ObjectNode body, String model, List<String> warnings, List<Upstreams.Attempt> attempts,
      String revision, Map<String, String> headers) {
    this(body, model, warnings, attempts, revision, headers, null);
  }

  public Served(ObjectNode body, String model, List<String> warnings, List<Upstreams.Attempt> attempts,
      String revision) {
    this(body, model, warnings, attempts, revision, Map.of(), null);
  }

  /** The answer as a tree (one passed on is read from its bytes, a copy each time). */
  @Override
  public ObjectNode body() {
    if (body != null) {
      return body;
    }
    try {
      return (ObjectNode) OpenAiChat.JSON.readTree(passedOn);
    } catch (IOException e) {
      throw new IllegalStateException("an answer passed on did not read as JSON", e);
    }
  }

  /** The answer's JSON as the caller gets it. */
  public byte[] json() {
    if (passedOn != null) {
      return passedOn;
    }
    try {
      return OpenAiChat.JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
