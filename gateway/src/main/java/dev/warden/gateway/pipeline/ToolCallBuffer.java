package dev.warden.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tool calls of a streamed answer, gathered from their deltas (OpenAI's {@code
 * delta.tool_calls[]}: an index, then the id, type and name once and the arguments in pieces)
 * until each is complete, so its arguments can be checked whole before any of them is sent. A
 * call is complete when a call with another index starts, or when the caller says the answer
 * finished. Single-use, not thread-safe.
 */
final class ToolCallBuffer {
  /** One whole tool call. */
  record Call(int index, String id, String type, String name, String arguments) {
    Call {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(arguments, "arguments");
    }
  }

  private static final class Pending {
    final int index;
    String id = "";
    String type = "function";
    final StringBuilder name = new StringBuilder();
    final StringBuilder arguments = new StringBuilder();

    Pending(int index) {
      this.index = index;
    }

    Call call() {
      return new Call(index, id, type, name.toString(), arguments.toString());
    }
  }

  private final Map<Integer, Pending> open = new LinkedHashMap<>();
  /** The index of the latest delta: a delta without one continues that call. */
  private int last;

  /** Adds one chunk's tool-call deltas; returns the calls they completed, in order. */
  List<Call> add(JsonNode deltas) {
    List<Call> done = new ArrayList<>();
    for (JsonNode d : deltas) {
      int index = d.path("index").asInt(last);
      last = index;
      if (!open.containsKey(index)) {
        done.addAll(finish());
        open.put(index, new Pending(index));
      }
      Pending p = open.get(index);
      if (d.path("id").isTextual()) {
        p.id = d.path("id").asText();
      }
      if (d.path("type").isTextual()) {
        p.type = d.path("type").asText();
      }
      JsonNode f = d.path("function");
      if (f.path("name").isTextual()) {
        p.name.append(f.path("name").asText());
      }
      if (f.path("arguments").isTextual()) {
        p.arguments.append(f.path("arguments").asText());
      }
    }
    return done;
  }

  /** The calls still open, now complete; the buffer is empty after. */
  List<Call> finish() {
    List<Call> done = open.values().stream().map(Pending::call).toList();
    open.clear();
    return done;
  }

  boolean isEmpty() {
    return open.isEmpty();
  }
}
