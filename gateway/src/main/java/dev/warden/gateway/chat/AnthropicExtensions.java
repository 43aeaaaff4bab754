package dev.warden.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What Anthropic's Messages API has and OpenAI's chat format has not, and how Warden's canonical
 * (OpenAI-form) body carries it from an Anthropic client to an Anthropic upstream:
 *
 * <ul>
 *   <li>{@code top_k} and {@code thinking} ({@code {"type": "enabled", "budget_tokens"}}) as
 *       top-level fields of the same names;
 *   <li>{@code cache_control} on the part, tool message, tool call or tool that came from the
 *       block or tool it was on;
 *   <li>earlier {@code thinking} and {@code redacted_thinking} blocks as parts of the assistant
 *       message's content, unchanged (Anthropic verifies their signatures);
 *   <li>thinking blocks of an answer as {@code message.thinking_blocks} (and, streamed, as
 *       {@code delta.thinking_blocks} with the block's index), as LiteLLM writes them.
 * </ul>
 *
 * An OpenAI-compatible upstream gets none of these ({@link #strip}). Checks and the stripping
 * are pure functions.
 */
public final class AnthropicExtensions {
  /** The field of a message (and of a streamed delta) that carries an answer's thinking blocks. */
  public static final String THINKING_BLOCKS = "thinking_blocks";
  /** The content-block types of extended thinking. */
  public static final Set<String> THINKING_TYPES = Set.of("thinking", "redacted_thinking");
  /** Anthropic's smallest thinking budget. */
  static final int MIN_BUDGET = 1024;

  private AnthropicExtensions() {}

  /** A copy of {@code from}'s {@code cache_control}, checked, on {@code to}; none: nothing. */
  static void cacheControl(String where, JsonNode from, ObjectNode to) {
    JsonNode c = from.get("cache_control");
    if (c == null || c.isNull()) {
      return;
    }
    String type = c.path("type").asText("");
    JsonNode ttl = c.get("ttl");
    if (!c.isObject() || !type.equals("ephemeral")
        || (ttl != null && !ttl.isNull() && !(ttl.isTextual() && Set.of("5m", "1h").contains(ttl.asText())))) {
      throw AnthropicMessages.bad(where + ".cache_control must be {\"type\": \"ephemeral\"}, with an optional"
          + " \"ttl\" of \"5m\" or \"1h\".");
    }
    to.set("cache_control", c.deepCopy());
  }

  /**
   * The request's {@code thinking}, checked as Anthropic checks it: enabled with a budget of at
   * least 1024 tokens and below {@code max_tokens}, or disabled.
   */
  static void thinking(JsonNode root, int maxTokens, ObjectNode out) {
    JsonNode t = root.get("thinking");
    if (t == null || t.isNull()) {
      return;
    }
    String type = t.path("type").asText("");
    if (!t.isObject() || !(type.equals("enabled") || type.equals("disabled"))) {
      throw AnthropicMessages.bad("\"thinking\" must be {\"type\": \"enabled\", \"budget_tokens\": <tokens>} or"
          + " {\"type\": \"disabled\"}.");
    }
    if (type.equals("enabled")) {
      JsonNode budget = t.get("budget_tokens");
      if (budget == null || !budget.isIntegralNumber() || !budget.canConvertToInt()) {
        throw AnthropicMessages.bad("\"thinking.budget_tokens\" is required and must be an integer: the most"
            + " tokens the model may think with, at least " + MIN_BUDGET + " and less than \"max_tokens\".");
      }
      if (budget.asInt() < MIN_BUDGET || budget.asInt() >= maxTokens) {
        throw AnthropicMessages.bad("\"thinking.budget_tokens\" must be at least " + MIN_BUDGET
            + " and less than \"max_tokens\" (" + maxTokens + "); it is " + budget.asInt() + ".");
      }
    }
    out.set("thinking", t.deepCopy());
  }

  /** An earlier thinking block of an assistant turn, checked; it goes on unchanged. */
  static ObjectNode thinkingBlock(String where, JsonNode block) {
    String type = block.path("type").asText();
    if (type.equals("thinking")) {
      if (!block.path("thinking").isTextual()) {
        throw AnthropicMessages.bad(where + ".thinking must be a string.");
      }
      if (!block.path("signature").isTextual() || block.path("signature").asText().isEmpty()) {
        throw AnthropicMessages.bad(where + " (thinking) needs its \"signature\", as the model gave it: Anthropic"
            + " refuses thinking blocks it cannot verify.");
      }
    } else if (!block.path("data").isTextual() || block.path("data").asText().isEmpty()) {
      throw AnthropicMessages.bad(where + " (redacted_thinking) needs its \"data\", as the model gave it.");
    }
    return (ObjectNode) block.deepCopy();
  }

  /**
   * Removes from a canonical body what only Anthropic understands, for an OpenAI-compatible
   * upstream, and says what of it the caller asked for that is not applied: {@code top_k} and
   * {@code thinking}. Cache breakpoints go silently (such upstreams cache prompts on their own,
   * or not at all), and so do earlier thinking blocks (only their model can read them).
   */
  public static List<String> strip(ObjectNode body) {
    List<String> notApplied = new ArrayList<>();
    if (body.remove("top_k") != null) {
      notApplied.add("top_k");
    }
    JsonNode thinking = body.remove("thinking");
    if (thinking != null && thinking.path("type").asText().equals("enabled")) {
      notApplied.add("thinking");
    }
    for (JsonNode m : body.path("messages")) {
      if (!(m instanceof ObjectNode message)) {
        continue;
      }
      message.remove("cache_control");
      if (message.get("content") instanceof ArrayNode parts) {
        for (int p = parts.size() - 1; p >= 0; p--) {
          if (THINKING_TYPES.contains(parts.get(p).path("type").asText())) {
            parts.remove(p);
          } else if (parts.get(p) instanceof ObjectNode part) {
            part.remove("cache_control");
          }
        }
        if (parts.isEmpty() && message.path("role").asText().equals("assistant")) {
          message.put("content", "");
        }
      }
      for (JsonNode call : message.path("tool_calls")) {
        if (call instanceof ObjectNode c) {
          c.remove("cache_control");
        }
      }
    }
    for (JsonNode tool : body.path("tools")) {
      if (tool instanceof ObjectNode t) {
        t.remove("cache_control");
      }
    }
    return notApplied;
  }

  /** The warning for Anthropic-only options an upstream did not apply. */
  public static String notAppliedWarning(List<String> options) {
    return String.join(" and ", options) + " not applied: the model that served this request is not an Anthropic"
        + " model";
  }
}
