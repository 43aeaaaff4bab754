package dev.warden.gateway.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.eval.ChatMessage;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One chat request in Warden's canonical form, which is OpenAI's chat format: the body as the
 * caller sent it (so tools, response formats and other fields pass through), and what the
 * rules look at: model, messages as text, streaming, max_tokens and caller metadata.
 * {@code places} says where each message's text sits in the body, to write redactions back.
 */
public record ChatRequest(ObjectNode body, String model, List<ChatMessage> messages, List<Place> places,
    boolean stream, boolean includeUsage, OptionalInt maxTokens, Map<String, String> metadata) {
  public ChatRequest {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(model, "model");
    messages = List.copyOf(messages);
    places = List.copyOf(places);
    Objects.requireNonNull(maxTokens, "maxTokens");
    metadata = Map.copyOf(metadata);
  }

  /** Where a message's text is: {@code messages[message].content}, or the text parts of its content array. */
  public record Place(int message, List<Integer> textParts) {
    public Place {
      textParts = List.copyOf(textParts);
    }

    public boolean isString() {
      return textParts.isEmpty();
    }
  }
}
