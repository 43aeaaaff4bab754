package dev.warden.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.api.ApiError;
import java.util.ArrayList;
import java.util.List;

/**
 * What an answer may carry besides the texts the response rules check ({@link AnswerTexts}):
 * more choices ({@code n}), the tokens again as {@code logprobs}, and spoken audio with its
 * transcript. When the gateway checks answers (response rules, or pseudonyms to restore), none
 * of these may reach the caller unchecked, so:
 *
 * <ul>
 *   <li>{@code n} greater than 1 is refused before the model is called: one answer is checked
 *       per request;
 *   <li>audio output is refused before the model is called: the rules read text, and the audio
 *       says what a redaction would have removed from the transcript;
 *   <li>logprobs are not asked of the model and, should it send them anyway, are removed from the
 *       answer, with a warning: each token would be an unredacted copy of the answer.
 * </ul>
 *
 * An Anthropic model's thinking blocks are checked on their own and withheld, with
 * {@link #THINKING_WARNING}, when the rules would change them ({@code CheckedThinking}).
 *
 * Pure functions; the pipeline calls them only when it checks answers.
 */
public final class UncheckedOutputs {
  /** The warning the caller gets when it asked for logprobs. */
  public static final String LOGPROBS_WARNING = "logprobs removed: this gateway checks answers against its policy,"
      + " and logprobs would repeat the answer's tokens unchecked";

  /** The warning the caller gets when an answer's thinking was withheld. */
  public static final String THINKING_WARNING = "thinking withheld: the policy would redact or block part of the"
      + " model's thinking, and a thinking block cannot be changed without breaking its signature";

  private UncheckedOutputs() {}

  /** Refuses what cannot be checked: several answers, or audio. */
  public static void refuse(JsonNode request) {
    if (request.path("n").asInt(1) > 1) {
      throw ApiError.badRequest("\"n\" greater than 1 is not accepted: this gateway checks every answer against its"
          + " policy, one answer per request. Leave \"n\" out (or set it to 1) and send the request again for"
          + " more answers.");
    }
    if (asksAudio(request)) {
      throw ApiError.badRequest("Audio output is not accepted: this gateway checks answers against its policy, and"
          + " it can check text only. Ask for \"modalities\": [\"text\"] (and leave \"audio\" out).");
    }
  }

  static boolean asksAudio(JsonNode request) {
    for (JsonNode m : request.path("modalities")) {
      if (m.asText().equals("audio")) {
        return true;
      }
    }
    JsonNode audio = request.get("audio");
    return audio != null && !audio.isNull();
  }

  /** Whether the caller asked for logprobs. */
  public static boolean asksLogprobs(JsonNode request) {
    JsonNode top = request.get("top_logprobs");
    return request.path("logprobs").asBoolean(false) || (top != null && !top.isNull());
  }

  /** The body for the model without a request for logprobs. */
  public static ObjectNode withoutLogprobs(ObjectNode upstream) {
    upstream.remove("logprobs");
    upstream.remove("top_logprobs");
    return upstream;
  }

  /**
   * Removes from a completion what the rules do not check: choices after the first, logprobs
   * and audio (which a model may send even when not asked). Returns a warning for each kind
   * removed.
   */
  public static List<String> remove(ObjectNode completion) {
    List<String> warnings = new ArrayList<>();
    JsonNode choices = completion.path("choices");
    if (!(choices instanceof ArrayNode list)) {
      return warnings;
    }
    if (list.size() > 1) {
      while (list.size() > 1) {
        list.remove(list.size() - 1);
      }
      warnings.add("answers after the first removed: this gateway checks one answer per request");
    }
    boolean logprobs = false;
    boolean audio = false;
    for (JsonNode c : list) {
      if (c instanceof ObjectNode choice) {
        JsonNode lp = choice.remove("logprobs");
        logprobs |= lp != null && !lp.isNull();
        if (choice.path("message") instanceof ObjectNode message) {
          JsonNode a = message.remove("audio");
          audio |= a != null && !a.isNull();
        }
      }
    }
    if (logprobs) {
      warnings.add(LOGPROBS_WARNING);
    }
    if (audio) {
      warnings.add("audio removed: this gateway checks answers against its policy, and it can check text only");
    }
    return warnings;
  }
}
