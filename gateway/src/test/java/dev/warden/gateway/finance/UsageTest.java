package dev.warden.gateway.finance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.chat.AnthropicReplies;
import org.junit.jupiter.api.Test;

/** Usage as providers report it: OpenAI's cached tokens, Anthropic's cache reads, the gateway's own count. */
class UsageTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void openAiCachedTokensAreRead() throws Exception {
    Usage u = Usage.of(JSON.readTree("{\"prompt_tokens\": 1200, \"completion_tokens\": 30,"
        + " \"prompt_tokens_details\": {\"cached_tokens\": 1024}}"));
    assertEquals(new Usage(1200, 30, 1024, false), u);
  }

  @Test
  void anthropicCacheReadsCountAsCachedPromptTokens() throws Exception {
    Usage u = Usage.of(AnthropicReplies.openAiUsage(JSON.readTree("{\"input_tokens\": 20,"
        + " \"cache_read_input_tokens\": 900, \"cache_creation_input_tokens\": 100, \"output_tokens\": 45}")));
    assertEquals(new Usage(1020, 45, 900, false), u);
  }

  @Test
  void theGatewaysCountIsFlaggedEstimatedAndAbsentUsageIsNotTakenForZero() throws Exception {
    assertTrue(Usage.of(JSON.readTree("{\"prompt_tokens\": 5, \"completion_tokens\": 9, \"warden_estimated\": true}"))
        .estimated());
    assertFalse(Usage.present(JSON.readTree("{}")));
    assertFalse(Usage.present(null));
    assertFalse(Usage.present(JSON.readTree("{\"prompt_tokens\": \"12\"}")));
  }
}
