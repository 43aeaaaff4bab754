package dev.warden.gateway.chat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.engine.eval.ChatMessage;
import dev.warden.gateway.api.ApiError;
import java.util.List;

/**
 * The texts of a chat request that are not message content but reach the model all the same:
 * the arguments of the assistant's earlier tool calls ({@code tool_calls}, legacy
 * {@code function_call}), predicted output ({@code prediction.content}), and the tools offered
 * (descriptions of {@code tools} and legacy {@code functions}, and the descriptions in their
 * parameter schemas). The rules see them as part of the prompt and redactions are written back
 * into them, like message text. Arguments and predictions are the assistant's; tool
 * definitions are the tools' (not the operator's system prompt: injection is looked for in
 * them). Tool names, argument keys and schema keywords are not texts.
 */
final class AttachedTexts {
  private AttachedTexts() {}

  private static final JsonPointer PREDICTION = JsonPointer.compile("/prediction/content");

  private static boolean absent(JsonNode n) {
    return n.isMissingNode() || n.isNull();
  }

  /** Adds the attached texts of {@code body} and their places. */
  static void collect(JsonNode body, List<ChatMessage> texts, List<ChatRequest.Place> places) {
    JsonNode msgs = body.path("messages");
    for (int i = 0; i < msgs.size(); i++) {
      JsonNode m = msgs.get(i);
      JsonNode calls = m.path("tool_calls");
      if (!calls.isMissingNode() && !calls.isNull() && !calls.isArray()) {
        throw ApiError.badRequest("messages[" + i + "].tool_calls must be an array.");
      }
      JsonNode functionCall = m.path("function_call");
      if (calls.isEmpty() && absent(functionCall.path("arguments"))) {
        continue; // a plain message (most): no pointer or message built for arguments it does not have
      }
      JsonPointer at = JsonPointer.empty().appendProperty("messages").appendIndex(i);
      for (int k = 0; k < calls.size(); k++) {
        arguments(calls.get(k).path("function"), at.appendProperty("tool_calls").appendIndex(k).appendProperty("function"),
            "messages[" + i + "].tool_calls[" + k + "].function.arguments", texts, places);
      }
      arguments(functionCall, at.appendProperty("function_call"),
          "messages[" + i + "].function_call.arguments", texts, places);
    }
    JsonNode prediction = body.path("prediction").path("content");
    JsonPointer predictionAt = PREDICTION;
    if (prediction.isTextual()) {
      add(texts, places, "assistant", new JsonTexts.Found(JsonTexts.Spot.field(predictionAt), prediction.asText()));
    } else if (prediction.isArray()) {
      for (int p = 0; p < prediction.size(); p++) {
        JsonNode part = prediction.get(p);
        if (part.path("type").asText().equals("text") && part.path("text").isTextual()) {
          add(texts, places, "assistant", new JsonTexts.Found(
              JsonTexts.Spot.field(predictionAt.appendIndex(p).appendProperty("text")), part.path("text").asText()));
        }
      }
    }
    JsonNode tools = body.path("tools");
    for (int t = 0; t < tools.size(); t++) {
      JsonPointer fn = JsonPointer.empty().appendProperty("tools").appendIndex(t).appendProperty("function");
      JsonTexts.namedStrings(tools.get(t).path("function"), fn, "description")
          .forEach(f -> add(texts, places, "tool", f));
    }
    JsonNode functions = body.path("functions");
    for (int f = 0; f < functions.size(); f++) {
      JsonTexts.namedStrings(functions.get(f), JsonPointer.empty().appendProperty("functions").appendIndex(f),
          "description").forEach(x -> add(texts, places, "tool", x));
    }
  }

  private static void arguments(JsonNode function, JsonPointer at, String where, List<ChatMessage> texts,
      List<ChatRequest.Place> places) {
    JsonNode args = function.path("arguments");
    if (absent(args)) {
      return;
    }
    if (!args.isTextual()) {
      throw ApiError.badRequest(where + " must be a string (the arguments as JSON text).");
    }
    JsonTexts.ofJsonString(at.appendProperty("arguments"), args.asText())
        .forEach(f -> add(texts, places, "assistant", f));
  }

  private static void add(List<ChatMessage> texts, List<ChatRequest.Place> places, String role, JsonTexts.Found f) {
    texts.add(ChatMessage.attached(role, f.text()));
    places.add(new ChatRequest.Attached(f.spot()));
  }
}
