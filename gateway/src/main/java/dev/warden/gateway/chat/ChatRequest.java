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
 * rules look at: model, the texts of the request (messages, then the texts attached to them:
 * tool-call arguments, tool descriptions, predicted output), streaming, max_tokens and caller
 * metadata. {@code places} says where each text sits in the body, to write redactions back.
 */
public record ChatRequest(ObjectNode body, String model, List<ChatMessage> messages, List<Place> places,
    boolean stream, boolean includeUsage, OptionalInt maxTokens, Map<String, String> metadata) {
  public ChatRequest {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(model, "model");
    messages = List.copyOf(messages);
    places = List.copyOf(places);
    if (messages.size() != places.size()) {
      throw new IllegalArgumentException("every text of a request has its place");
    }
    Objects.requireNonNull(maxTokens, "maxTokens");
    metadata = Map.copyOf(metadata);
  }

  /** Where a text of the request is in its body. */
  public sealed interface Place {}

  /** A message's text: {@code messages[message].content}, or the text parts of its content array. */
  public record Content(int message, List<Integer> textParts) implements Place {
    public Content {
      textParts = List.copyOf(textParts);
    }

    public boolean isString() {
      return textParts.isEmpty();
    }
  }

  /** A text elsewhere in the body: a field, or a value inside tool-call arguments. */
  public record Attached(JsonTexts.Spot spot) implements Place {
    public Attached {
      Objects.requireNonNull(spot, "spot");
    }
  }
}
