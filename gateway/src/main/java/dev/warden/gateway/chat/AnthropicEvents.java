package dev.warden.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.api.ApiError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One checked stream, turned from OpenAI-format chunks into Anthropic's stream events:
 * {@code message_start} and a {@code ping}, then per content block {@code content_block_start},
 * its deltas ({@code text_delta}, or {@code input_json_delta} for a tool call) and
 * {@code content_block_stop}, thinking blocks with {@code thinking_delta} and
 * {@code signature_delta} (from {@code delta.thinking_blocks}, {@link AnthropicExtensions}), and at
 * the end {@code message_delta} (stop reason, usage) and
 * {@code message_stop}; or an {@code error} event. Pure and single-use: feed it the chunks in
 * order and write the events it returns.
 *
 * <p>The input tokens are not known when the stream starts (the pipeline reports usage at the
 * end), so {@code message_start} says 0 and {@code message_delta} carries both counts.
 */
public final class AnthropicEvents {
  /** One server-sent event: its name (the {@code event:} line) and its data. */
  public record Event(String name, ObjectNode data) {
    public Event {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(data, "data");
    }
  }

  private final String fallbackModel;
  private final Map<Integer, Integer> toolBlocks = new HashMap<>();
  private final Map<Integer, Integer> thinkingBlocks = new HashMap<>();
  private boolean started;
  private boolean done;
  private int blocks;
  /** The open block's index, or -1. */
  private int open = -1;
  private boolean openIsText;
  private String finishReason = "stop";
  private JsonNode usage;

  public AnthropicEvents(String model) {
    this.fallbackModel = model;
  }

  /** The events for one OpenAI-format chunk. */
  public List<Event> chunk(ObjectNode chunk) {
    List<Event> out = new ArrayList<>();
    if (done) {
      return out;
    }
    start(chunk, out);
    if (chunk.has("usage") && chunk.get("usage").isObject()) {
      usage = chunk.get("usage");
    }
    JsonNode choice = chunk.path("choices").path(0);
    String fr = choice.path("finish_reason").asText("");
    if (!fr.isEmpty() && !fr.equals("null")) {
      finishReason = fr;
    }
    JsonNode delta = choice.path("delta");
    for (String field : new String[] {"content", "refusal"}) {
      if (delta.path(field).isTextual() && !delta.path(field).asText().isEmpty()) {
        text(delta.path(field).asText(), out);
      }
    }
    for (JsonNode piece : delta.path(AnthropicExtensions.THINKING_BLOCKS)) {
      thinking(piece, out);
    }
    for (JsonNode call : delta.path("tool_calls")) {
      toolCall(call, out);
    }
    return out;
  }

  /** The stream ended normally: close the open block, then the stop reason and usage. */
  public List<Event> end() {
    List<Event> out = new ArrayList<>();
    if (done) {
      return out;
    }
    start(OpenAiChat.JSON.createObjectNode(), out);
    close(out);
    ObjectNode md = event("message_delta");
    md.putObject("delta").put("stop_reason", AnthropicReplies.stopReason(finishReason)).putNull("stop_sequence");
    md.set("usage", AnthropicReplies.usage(usage == null ? OpenAiChat.JSON.createObjectNode() : usage));
    out.add(new Event("message_delta", md));
    out.add(new Event("message_stop", event("message_stop")));
    done = true;
    return out;
  }

  /** The stream failed after it started: an {@code error} event, and nothing after it. */
  public List<Event> error(ApiError e) {
    done = true;
    return List.of(new Event("error", AnthropicReplies.error(e)));
  }

  private void start(JsonNode chunk, List<Event> out) {
    if (started) {
      return;
    }
    started = true;
    ObjectNode ms = event("message_start");
    ObjectNode m = ms.putObject("message");
    m.put("id", AnthropicReplies.messageId(chunk.path("id").asText("")));
    m.put("type", "message");
    m.put("role", "assistant");
    String model = chunk.path("model").asText("");
    m.put("model", model.isEmpty() ? fallbackModel : model);
    m.putArray("content");
    m.putNull("stop_reason");
    m.putNull("stop_sequence");
    m.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
    out.add(new Event("message_start", ms));
    out.add(new Event("ping", event("ping")));
  }

  private void text(String text, List<Event> out) {
    if (open < 0 || !openIsText) {
      close(out);
      open = blocks++;
      openIsText = true;
      ObjectNode s = event("content_block_start").put("index", open);
      s.putObject("content_block").put("type", "text").put("text", "");
      out.add(new Event("content_block_start", s));
    }
    ObjectNode d = event("content_block_delta").put("index", open);
    d.putObject("delta").put("type", "text_delta").put("text", text);
    out.add(new Event("content_block_delta", d));
  }

  private void toolCall(JsonNode call, List<Event> out) {
    int toolIndex = call.path("index").asInt(toolBlocks.size());
    Integer block = toolBlocks.get(toolIndex);
    if (block == null) {
      close(out);
      block = blocks++;
      open = block;
      openIsText = false;
      toolBlocks.put(toolIndex, block);
      ObjectNode s = event("content_block_start").put("index", block);
      ObjectNode cb = s.putObject("content_block").put("type", "tool_use")
          .put("id", call.path("id").asText("toolu_warden_" + toolIndex))
          .put("name", call.path("function").path("name").asText(""));
      cb.putObject("input");
      out.add(new Event("content_block_start", s));
    }
    String args = call.path("function").path("arguments").asText("");
    if (!args.isEmpty()) {
      ObjectNode d = event("content_block_delta").put("index", block);
      d.putObject("delta").put("type", "input_json_delta").put("partial_json", args);
      out.add(new Event("content_block_delta", d));
    }
  }

  /** A piece of a thinking block: its start (a redacted one is whole in it), its text or its signature. */
  private void thinking(JsonNode piece, List<Event> out) {
    int n = piece.path("index").asInt(thinkingBlocks.size());
    Integer block = thinkingBlocks.get(n);
    boolean redacted = piece.path("type").asText().equals("redacted_thinking");
    if (block == null) {
      close(out);
      block = blocks++;
      open = block;
      openIsText = false;
      thinkingBlocks.put(n, block);
      ObjectNode s = event("content_block_start").put("index", block);
      ObjectNode cb = s.putObject("content_block");
      if (redacted) {
        cb.put("type", "redacted_thinking").put("data", piece.path("data").asText(""));
      } else {
        cb.put("type", "thinking").put("thinking", "").put("signature", "");
      }
      out.add(new Event("content_block_start", s));
    }
    if (redacted) {
      return;
    }
    if (!piece.path("thinking").asText("").isEmpty()) {
      ObjectNode d = event("content_block_delta").put("index", block);
      d.putObject("delta").put("type", "thinking_delta").put("thinking", piece.path("thinking").asText());
      out.add(new Event("content_block_delta", d));
    }
    if (!piece.path("signature").asText("").isEmpty()) {
      ObjectNode d = event("content_block_delta").put("index", block);
      d.putObject("delta").put("type", "signature_delta").put("signature", piece.path("signature").asText());
      out.add(new Event("content_block_delta", d));
    }
  }

  private void close(List<Event> out) {
    if (open >= 0) {
      out.add(new Event("content_block_stop", event("content_block_stop").put("index", open)));
      open = -1;
    }
  }

  private static ObjectNode event(String type) {
    return OpenAiChat.JSON.createObjectNode().put("type", type);
  }
}
