package dev.warden.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.api.ApiError;
import java.util.Map;
import java.util.Set;

/**
 * Anthropic Messages requests ({@code POST /v1/messages}) into Warden's canonical chat request:
 * pure functions, no server. The Anthropic body is rewritten as the OpenAI chat body a caller
 * would have sent for the same conversation (system as a system message, {@code tool_use} as
 * assistant {@code tool_calls}, {@code tool_result} as tool messages, images as
 * {@code image_url} parts), which then goes through {@link OpenAiChat#parse}, so the rules see
 * the same text and redactions are written back the same way whichever API was called.
 *
 * <p>What the OpenAI form has no field for ({@code top_k}, {@code thinking}, {@code cache_control},
 * earlier thinking blocks) is checked and carried as {@link AnthropicExtensions} describes, for an
 * Anthropic upstream; {@code is_error} of a tool result is dropped. Anything the gateway cannot
 * translate faithfully (server tools, documents) is a 400.
 */
public final class AnthropicMessages {
  /** The endpoint name the rules see for {@code POST /v1/messages} ({@code request.endpoint}). */
  public static final String ENDPOINT = "messages";
  private static final Set<String> USER_BLOCKS = Set.of("text", "image", "tool_result");
  private static final Set<String> ASSISTANT_BLOCKS = Set.of("text", "tool_use", "thinking", "redacted_thinking");

  private AnthropicMessages() {}

  /** Parses and checks an Anthropic Messages request; bad input is a 400 that says what is wrong. */
  public static ChatRequest parse(JsonNode root, Map<String, String> headerTags) {
    return OpenAiChat.parse(toOpenAi(root), headerTags);
  }

  /** The OpenAI chat body equivalent to an Anthropic Messages body. */
  static ObjectNode toOpenAi(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw bad("The body must be a JSON object with \"model\", \"max_tokens\" and \"messages\".");
    }
    JsonNode model = root.get("model");
    if (model == null || !model.isTextual() || model.asText().isBlank()) {
      throw bad("\"model\" is required and must be a string.");
    }
    JsonNode max = root.get("max_tokens");
    if (max == null || max.isNull()) {
      throw bad("\"max_tokens\" is required: the most tokens the answer may have, e.g. 1024.");
    }
    if (!max.isIntegralNumber() || !max.canConvertToInt() || max.asInt() < 1) {
      throw bad("\"max_tokens\" must be a positive integer.");
    }
    JsonNode msgs = root.get("messages");
    if (msgs == null || !msgs.isArray() || msgs.isEmpty()) {
      throw bad("\"messages\" is required and must be a non-empty array.");
    }
    ObjectNode out = OpenAiChat.JSON.createObjectNode();
    out.put("model", model.asText());
    ArrayNode messages = out.putArray("messages");
    system(root.get("system"), messages);
    for (int i = 0; i < msgs.size(); i++) {
      message(i, msgs.get(i), messages);
    }
    out.put("max_tokens", max.asInt());
    options(root, out);
    AnthropicExtensions.thinking(root, max.asInt(), out);
    AnthropicTools.toOpenAi(root, out);
    JsonNode metadata = root.get("metadata");
    if (metadata != null && !metadata.isNull()) {
      if (!metadata.isObject()) {
        throw bad("\"metadata\" must be an object, e.g. {\"user_id\": \"...\"}.");
      }
      out.set("metadata", metadata.deepCopy());
    }
    JsonNode stream = root.get("stream");
    if (stream != null && !stream.isNull() && !stream.isBoolean()) {
      throw bad("\"stream\" must be true or false.");
    }
    if (stream != null && stream.asBoolean(false)) {
      out.put("stream", true);
      // Anthropic streams always end with the usage: ask the pipeline for it
      out.putObject("stream_options").put("include_usage", true);
    }
    return out;
  }

  private static void system(JsonNode system, ArrayNode messages) {
    if (system == null || system.isNull()) {
      return;
    }
    if (system.isTextual()) {
      messages.addObject().put("role", "system").put("content", system.asText());
      return;
    }
    if (!system.isArray()) {
      throw bad("\"system\" must be a string or an array of text blocks.");
    }
    ArrayNode parts = OpenAiChat.JSON.createArrayNode();
    for (int i = 0; i < system.size(); i++) {
      JsonNode b = system.get(i);
      if (!b.path("type").asText().equals("text") || !b.path("text").isTextual()) {
        throw bad("system[" + i + "] must be a text block: {\"type\": \"text\", \"text\": \"...\"}.");
      }
      ObjectNode part = parts.addObject().put("type", "text").put("text", b.path("text").asText());
      AnthropicExtensions.cacheControl("system[" + i + "]", b, part);
    }
    if (!parts.isEmpty()) {
      messages.addObject().put("role", "system").set("content", parts);
    }
  }

  private static void message(int i, JsonNode m, ArrayNode out) {
    String at = "messages[" + i + "]";
    if (!m.isObject()) {
      throw bad(at + " must be an object with \"role\" and \"content\".");
    }
    String role = m.path("role").asText("");
    if (!role.equals("user") && !role.equals("assistant")) {
      throw bad(at + ".role must be \"user\" or \"assistant\" (the system prompt goes in \"system\").");
    }
    JsonNode content = m.get("content");
    if (content != null && content.isTextual()) {
      out.addObject().put("role", role).put("content", content.asText());
      return;
    }
    if (content == null || !content.isArray() || content.isEmpty()) {
      throw bad(at + ".content must be a string or a non-empty array of content blocks.");
    }
    if (role.equals("user")) {
      user(at, content, out);
    } else {
      assistant(at, content, out);
    }
  }

  /** Tool results become tool messages; the user's own text and images follow them in one user message. */
  private static void user(String at, JsonNode content, ArrayNode out) {
    ArrayNode parts = OpenAiChat.JSON.createArrayNode();
    ArrayNode movedImages = OpenAiChat.JSON.createArrayNode();
    for (int b = 0; b < content.size(); b++) {
      JsonNode block = content.get(b);
      String where = at + ".content[" + b + "]";
      String type = blockType(where, block, USER_BLOCKS, "user");
      switch (type) {
        case "text" -> parts.add(text(where, block));
        case "image" -> parts.add(image(where, block));
        default -> toolResult(where, block, out, movedImages);
      }
    }
    parts.addAll(movedImages);
    if (!parts.isEmpty()) {
      out.addObject().put("role", "user").set("content", parts);
    }
  }

  private static void toolResult(String where, JsonNode block, ArrayNode out, ArrayNode movedImages) {
    JsonNode id = block.get("tool_use_id");
    if (id == null || !id.isTextual() || id.asText().isEmpty()) {
      throw bad(where + ".tool_use_id is required: the id of the tool_use block this result answers.");
    }
    ObjectNode tool = OpenAiChat.JSON.createObjectNode().put("role", "tool").put("tool_call_id", id.asText());
    AnthropicExtensions.cacheControl(where, block, tool);
    JsonNode c = block.get("content");
    if (c == null || c.isNull()) {
      tool.put("content", "");
    } else if (c.isTextual()) {
      tool.put("content", c.asText());
    } else if (c.isArray()) {
      ArrayNode texts = tool.putArray("content");
      for (int k = 0; k < c.size(); k++) {
        String inner = where + ".content[" + k + "]";
        String type = blockType(inner, c.get(k), Set.of("text", "image"), "tool_result");
        if (type.equals("text")) {
          texts.add(text(inner, c.get(k)));
        } else {
          // OpenAI tool messages carry text only: the image follows in the user message
          movedImages.add(image(inner, c.get(k)));
        }
      }
      if (texts.isEmpty()) {
        tool.put("content", "");
      }
    } else {
      throw bad(where + ".content must be a string or an array of text and image blocks.");
    }
    out.add(tool);
  }

  /**
   * Text and earlier thinking blocks as content (one string when it is text only, without cache
   * breakpoints, as an OpenAI client would send it), tool_use blocks as tool calls.
   */
  private static void assistant(String at, JsonNode content, ArrayNode out) {
    ArrayNode parts = OpenAiChat.JSON.createArrayNode();
    StringBuilder text = new StringBuilder();
    boolean textOnly = true;
    ArrayNode calls = OpenAiChat.JSON.createArrayNode();
    for (int b = 0; b < content.size(); b++) {
      JsonNode block = content.get(b);
      String where = at + ".content[" + b + "]";
      String type = blockType(where, block, ASSISTANT_BLOCKS, "assistant");
      switch (type) {
        case "text" -> {
          ObjectNode part = text(where, block);
          // blocks of one answer are consecutive pieces of it (citations split sentences)
          text.append(part.path("text").asText());
          textOnly &= !part.has("cache_control");
          parts.add(part);
        }
        case "tool_use" -> calls.add(toolCall(where, block));
        default -> {
          parts.add(AnthropicExtensions.thinkingBlock(where, block));
          textOnly = false;
        }
      }
    }
    ObjectNode m = out.addObject().put("role", "assistant");
    if (!textOnly) {
      m.set("content", parts);
    } else if (text.isEmpty() && !calls.isEmpty()) {
      m.putNull("content");
    } else {
      m.put("content", text.toString());
    }
    if (!calls.isEmpty()) {
      m.set("tool_calls", calls);
    }
  }

  private static ObjectNode toolCall(String where, JsonNode block) {
    JsonNode id = block.get("id");
    JsonNode name = block.get("name");
    if (id == null || !id.isTextual() || id.asText().isEmpty() || name == null || !name.isTextual()
        || name.asText().isEmpty()) {
      throw bad(where + " (tool_use) needs a string \"id\" and \"name\".");
    }
    JsonNode input = block.get("input");
    if (input != null && !input.isNull() && !input.isObject()) {
      throw bad(where + ".input must be an object.");
    }
    ObjectNode call = OpenAiChat.JSON.createObjectNode().put("id", id.asText()).put("type", "function");
    call.putObject("function").put("name", name.asText())
        .put("arguments", input == null || input.isNull() ? "{}" : input.toString());
    AnthropicExtensions.cacheControl(where, block, call);
    return call;
  }

  private static String blockType(String where, JsonNode block, Set<String> allowed, String inside) {
    if (!block.isObject() || !block.path("type").isTextual()) {
      throw bad(where + " must be a content block: an object with a \"type\".");
    }
    String type = block.path("type").asText();
    if (!allowed.contains(type)) {
      throw bad(where + ".type \"" + type + "\" is not accepted in a" + (inside.equals("assistant") ? "n " : " ")
          + inside + " message; use one of " + allowed.stream().sorted().toList() + ".");
    }
    return type;
  }

  private static ObjectNode text(String where, JsonNode block) {
    if (!block.path("text").isTextual()) {
      throw bad(where + ".text must be a string.");
    }
    ObjectNode part = OpenAiChat.JSON.createObjectNode().put("type", "text").put("text", block.path("text").asText());
    AnthropicExtensions.cacheControl(where, block, part);
    return part;
  }

  /** An image block as an {@code image_url} part: a data URL for base64 sources. */
  private static ObjectNode image(String where, JsonNode block) {
    JsonNode source = block.path("source");
    String type = source.path("type").asText("");
    String url;
    if (type.equals("base64") && source.path("media_type").isTextual() && source.path("data").isTextual()) {
      url = "data:" + source.path("media_type").asText() + ";base64," + source.path("data").asText();
    } else if (type.equals("url") && source.path("url").isTextual()) {
      url = source.path("url").asText();
    } else {
      throw bad(where + ".source must be {\"type\": \"base64\", \"media_type\", \"data\"} or {\"type\": \"url\", \"url\"}.");
    }
    ObjectNode part = OpenAiChat.JSON.createObjectNode().put("type", "image_url");
    part.putObject("image_url").put("url", url);
    AnthropicExtensions.cacheControl(where, block, part);
    return part;
  }

  /** Sampling options and stop sequences, checked; {@code top_k} (no OpenAI equivalent) is carried for Anthropic. */
  private static void options(JsonNode root, ObjectNode out) {
    for (String k : new String[] {"temperature", "top_p"}) {
      JsonNode v = root.get(k);
      if (v != null && !v.isNull()) {
        if (!v.isNumber()) {
          throw bad("\"" + k + "\" must be a number.");
        }
        out.set(k, v);
      }
    }
    JsonNode topK = root.get("top_k");
    if (topK != null && !topK.isNull() && (!topK.isIntegralNumber() || topK.asInt() < 1)) {
      throw bad("\"top_k\" must be a positive integer.");
    }
    if (topK != null && !topK.isNull()) {
      out.set("top_k", topK);
    }
    JsonNode stops = root.get("stop_sequences");
    if (stops != null && !stops.isNull()) {
      if (!stops.isArray()) {
        throw bad("\"stop_sequences\" must be an array of strings.");
      }
      ArrayNode stop = OpenAiChat.JSON.createArrayNode();
      for (JsonNode s : stops) {
        if (!s.isTextual()) {
          throw bad("\"stop_sequences\" must be an array of strings.");
        }
        stop.add(s.asText());
      }
      if (!stop.isEmpty()) {
        out.set("stop", stop);
      }
    }
  }

  static ApiError bad(String message) {
    return ApiError.badRequest(message);
  }
}
