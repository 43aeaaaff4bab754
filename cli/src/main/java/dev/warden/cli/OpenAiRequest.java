package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.engine.eval.ChatMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parts of an OpenAI-style chat request that rules look at: model, messages, stream, max_tokens, metadata. */
record OpenAiRequest(String model, List<ChatMessage> messages, boolean stream, double maxTokens,
    Map<String, String> metadata) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BYTES = 4 * 1024 * 1024;

  static OpenAiRequest parse(byte[] body) throws IOException {
    if (body.length > MAX_BYTES) {
      throw new IOException("the request is larger than 4 MB");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("the request is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IOException("the request must be a JSON object with \"model\" and \"messages\"");
    }
    JsonNode msgs = root.get("messages");
    if (msgs == null || !msgs.isArray()) {
      throw new IOException("the request has no \"messages\" array");
    }
    List<ChatMessage> messages = new ArrayList<>();
    for (JsonNode m : msgs) {
      String role = m.path("role").asText("user");
      messages.add(new ChatMessage(role, content(m.get("content"))));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    root.path("metadata").properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
    double max = root.has("max_completion_tokens") ? root.path("max_completion_tokens").asDouble()
        : root.path("max_tokens").asDouble(0);
    return new OpenAiRequest(root.path("model").asText(""), messages, root.path("stream").asBoolean(false), max,
        metadata);
  }

  /** A message's text: a string, or the text parts of a content array. */
  private static String content(JsonNode c) {
    if (c == null || c.isNull()) {
      return "";
    }
    if (c.isTextual()) {
      return c.asText();
    }
    if (c.isArray()) {
      StringBuilder b = new StringBuilder();
      for (JsonNode part : c) {
        if (part.path("type").asText().equals("text")) {
          if (!b.isEmpty()) {
            b.append('\n');
          }
          b.append(part.path("text").asText());
        }
      }
      return b.toString();
    }
    return c.toString();
  }
}
