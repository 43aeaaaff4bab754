package dev.warden.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The parts of a streamed answer besides its content and tool calls: a refusal ({@code
 * delta.refusal}, text in pieces) and a legacy function call ({@code delta.function_call}: the
 * name once, the arguments in pieces). When answers are checked they are gathered whole, to be
 * checked like the tool calls' arguments before any of them is sent, so nothing of an answer
 * reaches the caller unchecked. Single-use, not thread-safe.
 */
final class HeldParts {
  /** A whole legacy function call. */
  record FunctionCall(String name, String arguments) {}

  private final StringBuilder refusal = new StringBuilder();
  private final StringBuilder name = new StringBuilder();
  private final StringBuilder arguments = new StringBuilder();
  private boolean function;

  /** Whether a delta carries a part gathered here. */
  static boolean in(JsonNode delta) {
    return delta.path("refusal").isTextual() || delta.path("function_call").isObject();
  }

  /** Adds the parts of one delta. */
  void add(JsonNode delta) {
    if (delta.path("refusal").isTextual()) {
      refusal.append(delta.path("refusal").asText());
    }
    JsonNode f = delta.path("function_call");
    if (f.isObject()) {
      function = true;
      if (f.path("name").isTextual()) {
        name.append(f.path("name").asText());
      }
      if (f.path("arguments").isTextual()) {
        arguments.append(f.path("arguments").asText());
      }
    }
  }

  Optional<String> refusal() {
    return refusal.isEmpty() ? Optional.empty() : Optional.of(refusal.toString());
  }

  Optional<FunctionCall> function() {
    return function ? Optional.of(new FunctionCall(name.toString(), arguments.toString())) : Optional.empty();
  }
}
