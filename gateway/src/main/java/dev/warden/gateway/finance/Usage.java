package dev.warden.gateway.finance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The tokens of one call: prompt (cached ones included, as OpenAI counts them and as Warden
 * maps Anthropic's cache reads), completion, and of the prompt those read from the provider's
 * cache. {@code estimated}: counted by the gateway because the provider sent no usage.
 */
public record Usage(long prompt, long completion, long cached, boolean estimated) {
  /** From an OpenAI {@code usage} object ({@code warden_estimated} marks one the gateway counted). */
  public static Usage of(JsonNode u) {
    return new Usage(Math.max(0, u.path("prompt_tokens").asLong(0)), Math.max(0, u.path("completion_tokens").asLong(0)),
        Math.max(0, u.path("prompt_tokens_details").path("cached_tokens").asLong(0)),
        u.path("warden_estimated").asBoolean(false));
  }

  /** Whether {@code u} is an OpenAI usage object with token counts. */
  public static boolean present(JsonNode u) {
    return u != null && u.isObject() && u.path("prompt_tokens").isNumber();
  }
}
