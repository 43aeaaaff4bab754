package dev.warden.gateway.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.api.ApiError;

/**
 * What the gateway answers on the Anthropic API, from the OpenAI-format completions the
 * pipeline produces: the Message, the error body, and the stop-reason and usage vocabularies of
 * both formats (the Anthropic provider uses the reverse mappings). Pure functions.
 */
public final class AnthropicReplies {
  private AnthropicReplies() {}

  /** An OpenAI chat completion as an Anthropic Message; {@code model} is the catalog name. */
  public static ObjectNode message(JsonNode completion, String model) {
    ObjectNode m = OpenAiChat.JSON.createObjectNode();
    m.put("id", messageId(completion.path("id").asText("")));
    m.put("type", "message");
    m.put("role", "assistant");
    m.put("model", model);
    ArrayNode content = m.putArray("content");
    JsonNode choice = completion.path("choices").path(0);
    JsonNode message = choice.path("message");
    for (JsonNode block : message.path(AnthropicExtensions.THINKING_BLOCKS)) {
      // an Anthropic model's thinking, passed on as it came (answers unchecked: UncheckedOutputs)
      if (AnthropicExtensions.THINKING_TYPES.contains(block.path("type").asText())) {
        content.add(block.deepCopy());
      }
    }
    String text = text(message.path("content"));
    if (!text.isEmpty()) {
      content.addObject().put("type", "text").put("text", text);
    }
    for (JsonNode call : message.path("tool_calls")) {
      ObjectNode block = content.addObject().put("type", "tool_use").put("id", call.path("id").asText(""))
          .put("name", call.path("function").path("name").asText(""));
      block.set("input", arguments(call.path("function").path("arguments")));
    }
    String finish = choice.path("finish_reason").asText("stop");
    JsonNode matched = choice.path("stop_reason");
    if (finish.equals("stop") && matched.isTextual()) {
      // an upstream that says which stop sequence matched (vLLM, the Anthropic provider)
      m.put("stop_reason", "stop_sequence");
      m.put("stop_sequence", matched.asText());
    } else {
      m.put("stop_reason", stopReason(finish));
      m.putNull("stop_sequence");
    }
    m.set("usage", usage(completion.path("usage")));
    return m;
  }

  /** Anthropic ids start with {@code msg_}; others get the prefix. */
  static String messageId(String id) {
    if (id.startsWith("msg_")) {
      return id;
    }
    String clean = id.replaceAll("[^A-Za-z0-9_-]", "");
    return "msg_" + (clean.isEmpty() ? "warden" : clean);
  }

  private static String text(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder b = new StringBuilder();
    for (JsonNode part : content) {
      if (part.path("type").asText().equals("text")) {
        b.append(part.path("text").asText());
      }
    }
    return b.toString();
  }

  /** A tool call's arguments (a JSON string) as the tool_use input object. */
  private static JsonNode arguments(JsonNode arguments) {
    String raw = arguments.asText("");
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
    throw ApiError.upstream(502, "The model called a tool with arguments that are not a JSON object.");
  }

  /** OpenAI's finish_reason in Anthropic's words. */
  public static String stopReason(String finishReason) {
    return switch (finishReason) {
      case "length" -> "max_tokens";
      case "tool_calls", "function_call" -> "tool_use";
      case "content_filter" -> "refusal";
      default -> "end_turn";
    };
  }

  /** Anthropic's stop_reason in OpenAI's words. */
  public static String finishReason(String stopReason) {
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> "tool_calls";
      case "refusal" -> "content_filter";
      default -> "stop";
    };
  }

  /**
   * OpenAI usage in Anthropic's form. OpenAI's prompt tokens include the cached ones; Anthropic
   * counts cache reads (and cache writes, which an Anthropic upstream reports and
   * {@link #openAiUsage} keeps as {@code prompt_tokens_details.cache_creation_tokens}) apart from
   * {@code input_tokens}.
   */
  public static ObjectNode usage(JsonNode usage) {
    int prompt = usage.path("prompt_tokens").asInt(0);
    int cached = usage.path("prompt_tokens_details").path("cached_tokens").asInt(0);
    int written = usage.path("prompt_tokens_details").path(CACHE_CREATION).asInt(0);
    ObjectNode u = OpenAiChat.JSON.createObjectNode();
    u.put("input_tokens", Math.max(0, prompt - cached - written));
    u.put("output_tokens", usage.path("completion_tokens").asInt(0));
    if (cached > 0) {
      u.put("cache_read_input_tokens", cached);
    }
    if (written > 0) {
      u.put("cache_creation_input_tokens", written);
    }
    return u;
  }

  /** Where the OpenAI-form usage keeps an Anthropic upstream's cache writes (OpenAI has no such count). */
  static final String CACHE_CREATION = "cache_creation_tokens";

  /**
   * Anthropic usage in OpenAI's form: prompt tokens are input plus cache reads and writes (so
   * metering, which reads prompt tokens, counts all of them); cache reads are OpenAI's
   * {@code cached_tokens}, and cache writes are kept beside them.
   */
  public static ObjectNode openAiUsage(JsonNode usage) {
    int cacheRead = usage.path("cache_read_input_tokens").asInt(0);
    int written = usage.path("cache_creation_input_tokens").asInt(0);
    int prompt = usage.path("input_tokens").asInt(0) + cacheRead + written;
    int completion = usage.path("output_tokens").asInt(0);
    ObjectNode u = OpenAiChat.JSON.createObjectNode();
    u.put("prompt_tokens", prompt);
    u.put("completion_tokens", completion);
    u.put("total_tokens", prompt + completion);
    if (cacheRead > 0 || written > 0) {
      ObjectNode details = u.putObject("prompt_tokens_details").put("cached_tokens", cacheRead);
      if (written > 0) {
        details.put(CACHE_CREATION, written);
      }
    }
    return u;
  }

  /**
   * An error in Anthropic's format, {@code {"type": "error", "error": {"type", "message"}}}, its
   * type chosen by status as Anthropic does; {@code code} is Warden's code (for a policy block,
   * the rule id), the same as in the OpenAI-format body.
   */
  public static ObjectNode error(ApiError e) {
    ObjectNode body = OpenAiChat.JSON.createObjectNode();
    body.put("type", "error");
    ObjectNode err = body.putObject("error");
    err.put("type", errorType(e.status()));
    err.put("message", e.getMessage());
    err.put("code", e.code());
    return body;
  }

  static String errorType(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 402 -> "billing_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 503, 529 -> "overloaded_error";
      case 504 -> "timeout_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }
}
