package dev.warden.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.eval.ChatMessage;
import dev.warden.gateway.api.ApiError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * OpenAI chat-completions bodies to and from {@link ChatRequest}: pure functions, no server.
 * Unknown fields pass through untouched; only the request's texts are rewritten (redaction: message
 * text and the texts {@link AttachedTexts} finds), and only the model is replaced (routing).
 */
public final class OpenAiChat {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
  /** Tags taken from metadata are strings of reasonable size. */
  private static final int MAX_TAG_LENGTH = 256;

  private OpenAiChat() {}

  /** Parses and checks a request; bad input is a 400 that says what is wrong. */
  public static ChatRequest parse(JsonNode root, Map<String, String> headerTags) {
    if (root == null || !root.isObject()) {
      throw ApiError.badRequest("The body must be a JSON object with \"model\" and \"messages\".");
    }
    ObjectNode body = (ObjectNode) root;
    JsonNode model = body.get("model");
    if (model == null || !model.isTextual() || model.asText().isBlank()) {
      throw ApiError.badRequest("\"model\" is required and must be a string.");
    }
    JsonNode msgs = body.get("messages");
    if (msgs == null || !msgs.isArray() || msgs.isEmpty()) {
      throw ApiError.badRequest("\"messages\" is required and must be a non-empty array.");
    }
    List<ChatMessage> messages = new ArrayList<>();
    List<ChatRequest.Place> places = new ArrayList<>();
    for (int i = 0; i < msgs.size(); i++) {
      JsonNode m = msgs.get(i);
      if (!m.isObject()) {
        throw ApiError.badRequest("messages[" + i + "] must be an object with \"role\" and \"content\".");
      }
      String role = m.path("role").asText("");
      if (!ROLES.contains(role)) {
        throw ApiError.badRequest("messages[" + i + "].role must be one of " + ROLES + ".");
      }
      JsonNode content = m.get("content");
      if (content == null || content.isNull()) {
        messages.add(new ChatMessage(role, ""));
        places.add(new ChatRequest.Content(i, List.of()));
      } else if (content.isTextual()) {
        messages.add(new ChatMessage(role, content.asText()));
        places.add(new ChatRequest.Content(i, List.of()));
      } else if (content.isArray()) {
        StringBuilder text = new StringBuilder();
        List<Integer> parts = new ArrayList<>();
        for (int p = 0; p < content.size(); p++) {
          JsonNode part = content.get(p);
          if (part.path("type").asText().equals("text")) {
            if (!text.isEmpty()) {
              text.append('\n');
            }
            text.append(part.path("text").asText());
            parts.add(p);
          }
        }
        messages.add(new ChatMessage(role, text.toString()));
        places.add(new ChatRequest.Content(i, parts.isEmpty() ? List.of(-1) : parts));
      } else {
        throw ApiError.badRequest("messages[" + i + "].content must be a string or an array of parts.");
      }
    }
    AttachedTexts.collect(body, messages, places);
    JsonNode n = body.get("n");
    if (n != null && !n.isNull() && (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1)) {
      throw ApiError.badRequest("\"n\" must be a positive integer.");
    }
    JsonNode streamNode = body.get("stream");
    if (streamNode != null && !streamNode.isNull() && !streamNode.isBoolean()) {
      throw ApiError.badRequest("\"stream\" must be true or false.");
    }
    boolean stream = streamNode != null && streamNode.asBoolean(false);
    boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
    OptionalInt max = OptionalInt.empty();
    for (String k : List.of("max_completion_tokens", "max_tokens")) {
      JsonNode v = body.get(k);
      if (v != null && !v.isNull()) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
          throw ApiError.badRequest("\"" + k + "\" must be a positive integer.");
        }
        max = OptionalInt.of(v.asInt());
        break;
      }
    }
    Map<String, String> tags = new LinkedHashMap<>();
    body.path("metadata").properties().forEach(e -> {
      if (e.getValue().isValueNode()) {
        tags.put(e.getKey(), truncate(e.getValue().asText()));
      }
    });
    headerTags.forEach((k, v) -> tags.put(k, truncate(v)));
    return new ChatRequest(body, model.asText(), messages, places, stream, includeUsage, max, tags);
  }

  private static String truncate(String s) {
    return s.length() > MAX_TAG_LENGTH ? s.substring(0, MAX_TAG_LENGTH) : s;
  }

  /**
   * The body to send upstream: a copy of the caller's with the upstream model id, the redacted
   * texts (messages, tool-call arguments, tool descriptions, predicted output), and usage
   * requested on streams (so the gateway always knows the tokens).
   */
  public static ObjectNode upstreamBody(ChatRequest request, List<ChatMessage> redacted, String upstreamModel) {
    ObjectNode body = request.body().deepCopy();
    body.put("model", upstreamModel);
    ArrayNode msgs = (ArrayNode) body.get("messages");
    List<JsonTexts.Spot> spots = new ArrayList<>();
    List<String> before = new ArrayList<>();
    List<String> after = new ArrayList<>();
    for (int i = 0; i < request.places().size(); i++) {
      String original = request.messages().get(i).content();
      String text = redacted.get(i).content();
      switch (request.places().get(i)) {
        case ChatRequest.Content place -> {
          if (!text.equals(original)) {
            content((ObjectNode) msgs.get(place.message()), place, text);
          }
        }
        case ChatRequest.Attached place -> {
          spots.add(place.spot());
          before.add(original);
          after.add(text);
        }
      }
    }
    JsonTexts.write(body, spots, before, after);
    if (request.stream()) {
      body.putObject("stream_options").put("include_usage", true);
    }
    body.remove("metadata");
    return body;
  }

  private static void content(ObjectNode m, ChatRequest.Content place, String text) {
    if (place.isString()) {
      m.put("content", text);
    } else {
      // several text parts are joined for the rules; the first carries the redacted whole, and
      // the last cache breakpoint among them (Anthropic's), which now ends where that part ended
      ArrayNode parts = (ArrayNode) m.get("content");
      List<Integer> textParts = place.textParts();
      ObjectNode first = (ObjectNode) parts.get(textParts.getFirst());
      first.put("text", text);
      boolean moved = false;
      for (int k = textParts.size() - 1; k >= 1; k--) {
        JsonNode removed = parts.remove(textParts.get(k).intValue());
        if (removed.has("cache_control") && !moved) {
          first.set("cache_control", removed.get("cache_control"));
          moved = true;
        }
      }
    }
  }

  /** The frame of a streamed chunk ({@code chat.completion.chunk}), without choices. */
  public static ObjectNode chunk(String id, String model) {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", id);
    c.put("object", "chat.completion.chunk");
    c.put("created", System.currentTimeMillis() / 1000);
    c.put("model", model);
    return c;
  }

  /**
   * The answer's text: the first choice's message content ("" when it only calls tools); what the
   * rules check and write back is {@link AnswerTexts}.
   */
  public static String answerText(JsonNode completion) {
    return choiceText(completion.path("choices").path(0));
  }

  /** One choice's message text ("" when it has none). */
  public static String choiceText(JsonNode choice) {
    return choice.path("message").path("content").asText("");
  }

  public static String finishReason(JsonNode completion) {
    return completion.path("choices").path(0).path("finish_reason").asText("stop");
  }
}
