package dev.warden.gateway.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.chat.AnthropicExtensions;
import dev.warden.gateway.chat.AnthropicReplies;
import dev.warden.gateway.chat.OpenAiChat;

/**
 * The Anthropic provider's translation of whole bodies: the OpenAI chat body the pipeline sends
 * (already redacted and routed) into an Anthropic Messages request, and Anthropic's Message back
 * into an OpenAI chat completion. Pure functions; what cannot be translated faithfully is an
 * {@link UpstreamException} with status 400, which the caller sees as a rejected request.
 *
 * <p>Anthropic's rules are met here: system and developer messages go to {@code system};
 * consecutive messages of one role are merged (tool results become user turns, so a run of
 * tool messages and the user's next message form one turn); {@code max_tokens} is always set;
 * empty text blocks, which Anthropic refuses, are left out; temperature is capped at 1. The
 * Anthropic-only fields an Anthropic client sent ({@link AnthropicExtensions}: top_k, thinking,
 * cache breakpoints, earlier thinking blocks) go back where they came from, unchanged.
 */
final class AnthropicWire {
  /** {@code max_tokens} when the caller set none: Anthropic requires it. */
  static final int DEFAULT_MAX_TOKENS = 4096;

  private AnthropicWire() {}

  static ObjectNode request(ObjectNode body) throws UpstreamException {
    refuseUntranslatable(body);
    ObjectNode out = OpenAiChat.JSON.createObjectNode();
    out.put("model", body.path("model").asText());
    out.put("max_tokens", maxTokens(body));
    ArrayNode system = OpenAiChat.JSON.createArrayNode();
    ArrayNode messages = OpenAiChat.JSON.createArrayNode();
    JsonNode msgs = body.path("messages");
    for (int i = 0; i < msgs.size(); i++) {
      JsonNode m = msgs.get(i);
      String role = m.path("role").asText();
      switch (role) {
        case "system", "developer" -> system.addAll(textBlocks(m.path("content")));
        case "user" -> append(messages, "user", userBlocks(i, m.path("content")));
        case "assistant" -> append(messages, "assistant", assistantBlocks(i, m));
        case "tool" -> append(messages, "user", OpenAiChat.JSON.createArrayNode().add(toolResult(m)));
        default -> throw rejected("messages[" + i + "] has role \"" + role + "\", which the anthropic provider"
            + " does not translate (use tools and tool messages instead of functions)");
      }
    }
    if (system.size() == 1 && !system.get(0).has("cache_control")) {
      out.put("system", system.get(0).path("text").asText());
    } else if (!system.isEmpty()) {
      out.set("system", system);
    }
    out.set("messages", messages);
    JsonNode stop = body.path("stop");
    if (stop.isTextual()) {
      out.putArray("stop_sequences").add(stop.asText());
    } else if (stop.isArray() && !stop.isEmpty()) {
      out.set("stop_sequences", stop.deepCopy());
    }
    if (body.path("temperature").isNumber()) {
      // OpenAI's range is 0-2, Anthropic's 0-1
      out.put("temperature", Math.min(1.0, body.path("temperature").asDouble()));
    }
    for (String k : new String[] {"top_p", "top_k"}) {
      if (body.path(k).isNumber()) {
        out.set(k, body.get(k));
      }
    }
    if (body.path("thinking").isObject()) {
      out.set("thinking", body.get("thinking").deepCopy());
    }
    AnthropicToolsWire.toAnthropic(body, out);
    if (body.path("user").isTextual()) {
      out.putObject("metadata").put("user_id", body.path("user").asText());
    }
    return out;
  }

  private static void refuseUntranslatable(JsonNode body) throws UpstreamException {
    if (body.path("n").asInt(1) > 1) {
      throw rejected("Anthropic gives one answer per request: \"n\" greater than 1 cannot be served");
    }
    String format = body.path("response_format").path("type").asText("text");
    if (!format.equals("text")) {
      throw rejected("Anthropic has no response_format \"" + format + "\"; ask for the format in the prompt or use"
          + " a tool instead");
    }
    if (body.path("logprobs").asBoolean(false)) {
      throw rejected("Anthropic does not return logprobs");
    }
  }

  private static int maxTokens(JsonNode body) {
    for (String k : new String[] {"max_completion_tokens", "max_tokens"}) {
      JsonNode v = body.path(k);
      if (v.canConvertToInt() && v.asInt() > 0) {
        return v.asInt();
      }
    }
    return DEFAULT_MAX_TOKENS;
  }

  /** Adds a turn, merged into the previous one when the role repeats. */
  private static void append(ArrayNode messages, String role, ArrayNode blocks) {
    if (blocks.isEmpty()) {
      return;
    }
    JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    if (last != null && last.path("role").asText().equals(role)) {
      ((ArrayNode) last.path("content")).addAll(blocks);
      return;
    }
    ObjectNode m = messages.addObject().put("role", role);
    m.set("content", blocks);
  }

  private static ArrayNode textBlocks(JsonNode content) {
    return blocks(content, false);
  }

  /** Text blocks of a content, with their cache breakpoints; earlier thinking blocks too when {@code thinking}. */
  private static ArrayNode blocks(JsonNode content, boolean thinking) {
    ArrayNode out = OpenAiChat.JSON.createArrayNode();
    if (content.isTextual()) {
      addText(out, content.asText());
    } else {
      for (JsonNode part : content) {
        String type = part.path("type").asText();
        if (type.equals("text") || type.equals("refusal")) {
          addText(out, part.path(type).asText(""), part);
        } else if (thinking && AnthropicExtensions.THINKING_TYPES.contains(type)) {
          out.add(part.deepCopy());
        }
      }
    }
    return out;
  }

  private static void addText(ArrayNode out, String text) {
    addText(out, text, OpenAiChat.JSON.createObjectNode());
  }

  private static void addText(ArrayNode out, String text, JsonNode part) {
    if (!text.isEmpty()) {
      cacheControl(part, out.addObject().put("type", "text").put("text", text));
    }
  }

  /** The cache breakpoint of a part, message, tool call or tool, on the block made of it. */
  static void cacheControl(JsonNode from, ObjectNode block) {
    if (from.path("cache_control").isObject()) {
      block.set("cache_control", from.get("cache_control").deepCopy());
    }
  }

  private static ArrayNode userBlocks(int i, JsonNode content) throws UpstreamException {
    if (content.isTextual() || content.isNull() || content.isMissingNode()) {
      return textBlocks(content);
    }
    ArrayNode out = OpenAiChat.JSON.createArrayNode();
    for (JsonNode part : content) {
      String type = part.path("type").asText();
      switch (type) {
        case "text" -> addText(out, part.path("text").asText(""), part);
        case "image_url" -> {
          ObjectNode image = image(part.path("image_url").path("url").asText(""));
          cacheControl(part, image);
          out.add(image);
        }
        default -> throw rejected("messages[" + i + "] has a \"" + type + "\" part, which the anthropic provider"
            + " does not translate (text and image_url are)");
      }
    }
    return out;
  }

  /** A data URL as a base64 image source, any other URL as a URL source. */
  static ObjectNode image(String url) {
    ObjectNode block = OpenAiChat.JSON.createObjectNode().put("type", "image");
    ObjectNode source = block.putObject("source");
    int comma = url.indexOf(',');
    if (url.startsWith("data:") && comma > 0 && url.substring(0, comma).endsWith(";base64")) {
      source.put("type", "base64");
      source.put("media_type", url.substring(5, comma - ";base64".length()));
      source.put("data", url.substring(comma + 1));
    } else {
      source.put("type", "url");
      source.put("url", url);
    }
    return block;
  }

  private static ArrayNode assistantBlocks(int i, JsonNode m) throws UpstreamException {
    if (m.has("function_call")) {
      throw rejected("messages[" + i + "] uses the legacy function_call, which the anthropic provider does not"
          + " translate (use tool_calls)");
    }
    ArrayNode out = blocks(m.path("content"), true);
    for (JsonNode call : m.path("tool_calls")) {
      ObjectNode use = out.addObject().put("type", "tool_use").put("id", call.path("id").asText())
          .put("name", call.path("function").path("name").asText());
      use.set("input", arguments(i, call.path("function").path("arguments").asText("")));
      cacheControl(call, use);
    }
    return out;
  }

  private static JsonNode arguments(int i, String raw) throws UpstreamException {
    if (raw.isBlank()) {
      return OpenAiChat.JSON.createObjectNode();
    }
    try {
      JsonNode input = OpenAiChat.JSON.readTree(raw);
      if (input != null && input.isObject()) {
        return input;
      }
    } catch (JsonProcessingException e) {
      // below
    }
    throw rejected("messages[" + i + "] has a tool call whose arguments are not a JSON object");
  }

  private static ObjectNode toolResult(JsonNode m) {
    ObjectNode r = OpenAiChat.JSON.createObjectNode().put("type", "tool_result")
        .put("tool_use_id", m.path("tool_call_id").asText());
    cacheControl(m, r);
    JsonNode content = m.path("content");
    if (content.isTextual()) {
      if (!content.asText().isEmpty()) {
        r.put("content", content.asText());
      }
    } else {
      ArrayNode texts = textBlocks(content);
      if (!texts.isEmpty()) {
        r.set("content", texts);
      }
    }
    return r;
  }

  /** An Anthropic Message as an OpenAI chat completion. */
  static ObjectNode completion(JsonNode message, String provider) throws UpstreamException {
    if (!message.path("type").asText().equals("message") || !message.path("content").isArray()) {
      throw UpstreamException.ofStatus(502, provider + " answered with something that is not a Message");
    }
    ObjectNode c = OpenAiChat.JSON.createObjectNode();
    c.put("id", message.path("id").asText("msg_unknown"));
    c.put("object", "chat.completion");
    c.put("created", System.currentTimeMillis() / 1000);
    c.put("model", message.path("model").asText(""));
    ObjectNode choice = c.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode msg = choice.putObject("message").put("role", "assistant");
    StringBuilder text = new StringBuilder();
    ArrayNode calls = OpenAiChat.JSON.createArrayNode();
    ArrayNode thinking = OpenAiChat.JSON.createArrayNode();
    for (JsonNode block : message.path("content")) {
      switch (block.path("type").asText()) {
        case "text" -> text.append(block.path("text").asText(""));
        case "thinking", "redacted_thinking" -> thinking.add(block.deepCopy());
        case "tool_use" -> {
          ObjectNode call = calls.addObject().put("id", block.path("id").asText()).put("type", "function");
          call.putObject("function").put("name", block.path("name").asText())
              .put("arguments", block.path("input").isObject() ? block.path("input").toString() : "{}");
        }
        default -> {
          // server-tool blocks have no OpenAI form
        }
      }
    }
    if (!thinking.isEmpty()) {
      msg.set(AnthropicExtensions.THINKING_BLOCKS, thinking);
    }
    if (calls.isEmpty()) {
      msg.put("content", text.toString());
    } else {
      if (text.isEmpty()) {
        msg.putNull("content");
      } else {
        msg.put("content", text.toString());
      }
      msg.set("tool_calls", calls);
    }
    finish(choice, message.path("stop_reason").asText("end_turn"), message.path("stop_sequence"));
    c.set("usage", AnthropicReplies.openAiUsage(message.path("usage")));
    return c;
  }

  /** The finish reason, and (as vLLM does) the stop sequence that ended the answer. */
  static void finish(ObjectNode choice, String stopReason, JsonNode stopSequence) {
    choice.put("finish_reason", AnthropicReplies.finishReason(stopReason));
    if (stopReason.equals("stop_sequence") && stopSequence.isTextual()) {
      choice.put("stop_reason", stopSequence.asText());
    }
  }

  static UpstreamException rejected(String message) {
    return UpstreamException.ofStatus(400, message);
  }
}
