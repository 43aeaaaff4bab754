package dev.warden.gateway.chat;

import static dev.warden.gateway.chat.AnthropicMessagesTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.api.ApiError;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OpenAI-format completions and errors as Anthropic Messages and error bodies, without a server. */
class AnthropicRepliesTest {
  @Test
  void aTextCompletionIsAMessageWithTheCatalogModelAndAnthropicUsage() {
    JsonNode m = AnthropicReplies.message(json("""
        {"id": "chatcmpl-abc.1", "object": "chat.completion", "model": "gpt-upstream",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello!"}, "finish_reason": "stop"}],
         "usage": {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15,
                   "prompt_tokens_details": {"cached_tokens": 4}}}"""), "small-us");
    assertEquals(json("""
        {"id": "msg_chatcmpl-abc1", "type": "message", "role": "assistant", "model": "small-us",
         "content": [{"type": "text", "text": "Hello!"}], "stop_reason": "end_turn", "stop_sequence": null,
         "usage": {"input_tokens": 8, "output_tokens": 3, "cache_read_input_tokens": 4}}"""), m);
  }

  @Test
  void thinkingBlocksComeFirstAsTheyCameAndCacheWritesAreCountedApart() {
    JsonNode m = AnthropicReplies.message(json("""
        {"id": "msg_1", "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant",
          "thinking_blocks": [{"type": "thinking", "thinking": "Hm.", "signature": "sig"},
                              {"type": "redacted_thinking", "data": "ENC"}],
          "content": "Yes."}}],
         "usage": {"prompt_tokens": 18, "completion_tokens": 2,
                   "prompt_tokens_details": {"cached_tokens": 3, "cache_creation_tokens": 5}}}"""), "claude");
    assertEquals(json("""
        [{"type": "thinking", "thinking": "Hm.", "signature": "sig"}, {"type": "redacted_thinking", "data": "ENC"},
         {"type": "text", "text": "Yes."}]"""), m.path("content"));
    assertEquals(json("""
        {"input_tokens": 10, "output_tokens": 2, "cache_read_input_tokens": 3, "cache_creation_input_tokens": 5}"""),
        m.path("usage"));
  }

  @Test
  void toolCallsAreToolUseBlocksWithTheirInputParsed() {
    JsonNode m = AnthropicReplies.message(json("""
        {"id": "msg_keep", "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant",
          "content": null, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}},
            {"id": "call_2", "type": "function", "function": {"name": "now", "arguments": ""}}]}}],
         "usage": {"prompt_tokens": 5, "completion_tokens": 7}}"""), "m");
    assertEquals("msg_keep", m.path("id").asText());
    assertEquals(json("""
        [{"type": "tool_use", "id": "call_1", "name": "get_weather", "input": {"city": "Paris"}},
         {"type": "tool_use", "id": "call_2", "name": "now", "input": {}}]"""), m.path("content"));
    assertEquals("tool_use", m.path("stop_reason").asText());
  }

  @Test
  void toolArgumentsThatAreNotAnObjectAreAnUpstreamError() {
    ApiError e = assertThrows(ApiError.class, () -> AnthropicReplies.message(json("""
        {"choices": [{"finish_reason": "tool_calls", "message": {"tool_calls": [
          {"id": "c", "function": {"name": "f", "arguments": "not json"}}]}}]}"""), "m"));
    assertEquals(502, e.status());
  }

  @Test
  void aMatchedStopSequenceIsReportedWhenTheUpstreamNamedIt() {
    JsonNode m = AnthropicReplies.message(json("""
        {"choices": [{"finish_reason": "stop", "stop_reason": "END", "message": {"content": "done"}}]}"""), "m");
    assertEquals("stop_sequence", m.path("stop_reason").asText());
    assertEquals("END", m.path("stop_sequence").asText());
  }

  @ParameterizedTest
  @CsvSource({"stop,end_turn", "length,max_tokens", "tool_calls,tool_use", "function_call,tool_use",
      "content_filter,refusal", "something_new,end_turn"})
  void finishReasonsAreStopReasons(String openAi, String anthropic) {
    assertEquals(anthropic, AnthropicReplies.stopReason(openAi));
  }

  @ParameterizedTest
  @CsvSource({"end_turn,stop", "stop_sequence,stop", "max_tokens,length", "tool_use,tool_calls", "refusal,content_filter",
      "pause_turn,stop", "model_context_window_exceeded,length"})
  void stopReasonsAreFinishReasons(String anthropic, String openAi) {
    assertEquals(openAi, AnthropicReplies.finishReason(anthropic));
  }

  @Test
  void anthropicUsageCountsCacheReadsAndWritesAsPromptTokens() {
    assertEquals(json("""
        {"prompt_tokens": 17, "completion_tokens": 5, "total_tokens": 22,
         "prompt_tokens_details": {"cached_tokens": 3, "cache_creation_tokens": 4}}"""),
        AnthropicReplies.openAiUsage(json("""
            {"input_tokens": 10, "cache_read_input_tokens": 3, "cache_creation_input_tokens": 4, "output_tokens": 5}""")));
  }

  @Test
  void aPolicyBlockKeepsItsStatusAndMessageWithTheRuleAsCode() {
    assertEquals(json("""
        {"type": "error", "error": {"type": "invalid_request_error", "message": "Remove the credential from the prompt",
         "code": "basic/no-secrets"}}"""),
        AnthropicReplies.error(ApiError.policy(422, "basic/no-secrets", "Remove the credential from the prompt")));
    assertEquals("permission_error",
        AnthropicReplies.error(ApiError.policy(403, "r", "no")).path("error").path("type").asText());
  }

  @ParameterizedTest
  @CsvSource({"400,invalid_request_error", "401,authentication_error", "403,permission_error", "404,not_found_error",
      "413,request_too_large", "415,invalid_request_error", "422,invalid_request_error", "429,rate_limit_error",
      "500,api_error", "502,api_error", "503,overloaded_error", "504,timeout_error"})
  void errorTypesFollowTheStatusAsAnthropicsDo(int status, String type) {
    assertEquals(type, AnthropicReplies.error(new ApiError(status, "x", "c", "m", Optional.empty()))
        .path("error").path("type").asText());
  }
}
