package dev.warden.gateway.chat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The texts of a non-streamed answer that go back to the caller, for the response rules: the
 * first choice's message content, its refusal, and the values in the arguments of its tool
 * calls (and legacy {@code function_call}). The rules see them joined; each is redacted and has
 * its pseudonyms restored on its own and is written back where it was, arguments staying valid
 * JSON. Other choices, logprobs and audio are not texts here: {@link UncheckedOutputs} keeps them
 * from the caller when answers are checked. Pure functions.
 */
public final class AnswerTexts {
  private static final JsonPointer MESSAGE = JsonPointer.compile("/choices/0/message");

  private AnswerTexts() {}

  /** The answer's texts, in order: content (when there is any, or when there is nothing else), refusal, arguments. */
  public static List<JsonTexts.Found> of(JsonNode completion) {
    JsonNode message = completion.at(MESSAGE);
    List<JsonTexts.Found> out = new ArrayList<>();
    JsonNode calls = message.path("tool_calls");
    for (int k = 0; k < calls.size(); k++) {
      JsonNode args = calls.get(k).path("function").path("arguments");
      if (args.isTextual()) {
        out.addAll(JsonTexts.ofJsonString(MESSAGE.appendProperty("tool_calls").appendIndex(k)
            .appendProperty("function").appendProperty("arguments"), args.asText()));
      }
    }
    JsonNode legacy = message.path("function_call").path("arguments");
    if (legacy.isTextual()) {
      out.addAll(JsonTexts.ofJsonString(MESSAGE.appendProperty("function_call").appendProperty("arguments"),
          legacy.asText()));
    }
    JsonNode refusal = message.path("refusal");
    if (refusal.isTextual() && !refusal.asText().isEmpty()) {
      out.addFirst(field("refusal", refusal.asText()));
    }
    JsonNode content = message.path("content");
    if (content.isTextual() || out.isEmpty()) {
      out.addFirst(field("content", content.asText("")));
    }
    return List.copyOf(out);
  }

  /** Writes the texts that changed back into the completion. */
  public static void write(ObjectNode completion, List<JsonTexts.Found> found, List<String> after) {
    if (!completion.at(MESSAGE).isObject()) {
      return;
    }
    JsonTexts.write(completion, found.stream().map(JsonTexts.Found::spot).toList(),
        found.stream().map(JsonTexts.Found::text).toList(), after);
  }

  private static JsonTexts.Found field(String name, String text) {
    return new JsonTexts.Found(JsonTexts.Spot.field(MESSAGE.appendProperty(name)), text);
  }
}
