package dev.warden.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.chat.OpenAiChat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The thinking blocks of a streamed answer ({@code delta.thinking_blocks} pieces: a block's
 * start, its text in pieces, its signature) gathered whole, so that, when answers are checked,
 * they are checked before any of them is sent ({@link CheckedThinking}). Single-use per run of
 * thinking, not thread-safe.
 */
final class ThinkingBuffer {
  private final Map<Integer, ObjectNode> blocks = new LinkedHashMap<>();

  /** Adds the pieces of one delta's {@code thinking_blocks}. */
  void add(JsonNode pieces) {
    for (JsonNode piece : pieces) {
      int index = piece.path("index").asInt(blocks.size());
      ObjectNode b = blocks.computeIfAbsent(index, k -> OpenAiChat.JSON.createObjectNode().put("index", k)
          .put("type", piece.path("type").asText("thinking")));
      for (String field : new String[] {"thinking", "signature", "data"}) {
        if (piece.path(field).isTextual()) {
          b.put(field, b.path(field).asText("") + piece.path(field).asText());
        }
      }
    }
  }

  boolean isEmpty() {
    return blocks.isEmpty();
  }

  /** The whole blocks gathered, in order, each with its index, as one delta's pieces; the buffer is emptied. */
  ArrayNode take() {
    ArrayNode out = OpenAiChat.JSON.createArrayNode();
    blocks.values().forEach(out::add);
    blocks.clear();
    return out;
  }
}
