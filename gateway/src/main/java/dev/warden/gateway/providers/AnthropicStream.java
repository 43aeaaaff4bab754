package dev.warden.gateway.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.chat.AnthropicExtensions;
import dev.warden.gateway.chat.AnthropicReplies;
import dev.warden.gateway.chat.OpenAiChat;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One Anthropic stream turned into OpenAI-format chunks as its events arrive: the role first
 * (at {@code message_start}), text deltas as content, {@code tool_use} blocks and their
 * {@code input_json_delta}s as tool-call deltas, and at {@code message_stop} the finish reason
 * then a usage chunk; thinking blocks and their {@code thinking_delta}s and {@code signature_delta}s
 * as {@code delta.thinking_blocks} pieces ({@link AnthropicExtensions}). An {@code error} event is
 * an {@link UpstreamException}; {@code ping} and unknown events are skipped (Anthropic may add
 * event types). Single-use.
 */
final class AnthropicStream {
  private final String provider;
  private final Consumer<ObjectNode> chunks;
  /** Content block index to OpenAI tool-call index. */
  private final Map<Integer, Integer> tools = new HashMap<>();
  /** Content block index to thinking block index. */
  private final Map<Integer, Integer> thinking = new HashMap<>();
  private String id = "msg_unknown";
  private String model = "";
  private ObjectNode usage = OpenAiChat.JSON.createObjectNode();
  private String stopReason = "end_turn";
  private JsonNode stopSequence = OpenAiChat.JSON.nullNode();
  private boolean finished;
  /** The chunk being built, sent by {@link #emitLast()}. */
  private ObjectNode pending;

  AnthropicStream(String provider, Consumer<ObjectNode> chunks) {
    this.provider = provider;
    this.chunks = chunks;
  }

  /** Whether {@code message_stop} has arrived. */
  boolean finished() {
    return finished;
  }

  /** One event's data (its {@code type} names the event). */
  void event(JsonNode data) throws UpstreamException {
    if (finished) {
      return;
    }
    switch (data.path("type").asText()) {
      case "message_start" -> {
        JsonNode m = data.path("message");
        id = m.path("id").asText(id);
        model = m.path("model").asText(model);
        mergeUsage(m.path("usage"));
        delta().put("role", "assistant").put("content", "");
        emitLast();
      }
      case "content_block_start" -> blockStart(data.path("index").asInt(), data.path("content_block"));
      case "content_block_delta" -> blockDelta(data.path("index").asInt(), data.path("delta"));
      case "message_delta" -> {
        JsonNode d = data.path("delta");
        if (d.path("stop_reason").isTextual()) {
          stopReason = d.path("stop_reason").asText();
        }
        stopSequence = d.path("stop_sequence");
        mergeUsage(data.path("usage"));
      }
      case "message_stop" -> stop();
      case "error" -> throw error(data.path("error"));
      default -> {
        // ping, content_block_stop, and event types added later
      }
    }
  }

  private void blockStart(int index, JsonNode block) {
    switch (block.path("type").asText()) {
      case "text" -> text(block.path("text").asText(""));
      case "tool_use" -> {
        int call = tools.size();
        tools.put(index, call);
        ObjectNode tc = toolCall(call).put("id", block.path("id").asText()).put("type", "function");
        JsonNode input = block.path("input");
        tc.putObject("function").put("name", block.path("name").asText())
            .put("arguments", input.isObject() && !input.isEmpty() ? input.toString() : "");
        emitLast();
      }
      case "thinking" -> {
        thinkingPiece(index, "thinking").put("thinking", block.path("thinking").asText(""));
        emitLast();
      }
      case "redacted_thinking" -> {
        thinkingPiece(index, "redacted_thinking").put("data", block.path("data").asText(""));
        emitLast();
      }
      default -> {
        // server-tool blocks have no OpenAI form
      }
    }
  }

  /** A piece of thinking block {@code index}'s (numbered in order of thinking blocks), to fill and emit. */
  private ObjectNode thinkingPiece(int index, String type) {
    Integer n = thinking.computeIfAbsent(index, k -> thinking.size());
    return delta().putArray(AnthropicExtensions.THINKING_BLOCKS).addObject().put("index", n).put("type", type);
  }

  private void blockDelta(int index, JsonNode delta) {
    switch (delta.path("type").asText()) {
      case "text_delta" -> text(delta.path("text").asText(""));
      case "input_json_delta" -> {
        Integer call = tools.get(index);
        String part = delta.path("partial_json").asText("");
        if (call != null && !part.isEmpty()) {
          toolCall(call).putObject("function").put("arguments", part);
          emitLast();
        }
      }
      case "thinking_delta" -> {
        if (thinking.containsKey(index)) {
          thinkingPiece(index, "thinking").put("thinking", delta.path("thinking").asText(""));
          emitLast();
        }
      }
      case "signature_delta" -> {
        if (thinking.containsKey(index)) {
          thinkingPiece(index, "thinking").put("signature", delta.path("signature").asText(""));
          emitLast();
        }
      }
      default -> {
        // citations_delta
      }
    }
  }

  private void text(String text) {
    if (!text.isEmpty()) {
      delta().put("content", text);
      emitLast();
    }
  }

  private void stop() {
    ObjectNode last = chunk();
    ObjectNode choice = last.putArray("choices").addObject().put("index", 0);
    choice.putObject("delta");
    AnthropicWire.finish(choice, stopReason, stopSequence);
    chunks.accept(last);
    ObjectNode u = chunk();
    u.putArray("choices");
    u.set("usage", AnthropicReplies.openAiUsage(usage));
    chunks.accept(u);
    finished = true;
  }

  /** Usage fields as they come: message_start has the input, message_delta the (cumulative) output. */
  private void mergeUsage(JsonNode u) {
    u.properties().forEach(e -> {
      if (e.getValue().isNumber()) {
        usage.set(e.getKey(), e.getValue());
      }
    });
  }

  private UpstreamException error(JsonNode err) {
    String type = err.path("type").asText("api_error");
    int status = switch (type) {
      case "overloaded_error" -> 529;
      case "rate_limit_error" -> 429;
      case "invalid_request_error" -> 400;
      case "request_too_large" -> 413;
      case "timeout_error" -> 504;
      default -> 502;
    };
    String m = err.path("message").asText("");
    return UpstreamException.ofStatus(status, provider + " reported " + type + " mid-stream"
        + (m.isEmpty() ? "" : ": " + (m.length() > 300 ? m.substring(0, 300) : m)));
  }

  private ObjectNode delta() {
    pending = chunk();
    ObjectNode choice = pending.putArray("choices").addObject().put("index", 0);
    choice.putNull("finish_reason");
    return choice.putObject("delta");
  }

  private ObjectNode toolCall(int call) {
    return delta().putArray("tool_calls").addObject().put("index", call);
  }

  private void emitLast() {
    chunks.accept(pending);
    pending = null;
  }

  private ObjectNode chunk() {
    return OpenAiChat.chunk(id, model);
  }
}
