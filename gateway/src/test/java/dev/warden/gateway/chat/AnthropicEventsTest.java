package dev.warden.gateway.chat;

import static dev.warden.gateway.chat.AnthropicMessagesTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.api.ApiError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checked stream's OpenAI-format chunks as Anthropic stream events, without a server. */
class AnthropicEventsTest {
  final AnthropicEvents events = new AnthropicEvents("small-us");
  final List<AnthropicEvents.Event> out = new ArrayList<>();

  void chunk(String json) {
    out.addAll(events.chunk((ObjectNode) json(json)));
  }

  List<String> names() {
    return out.stream().map(AnthropicEvents.Event::name).toList();
  }

  JsonNode data(int i) {
    return out.get(i).data();
  }

  @Test
  void aTextStreamIsOneTextBlockThenTheStopReasonAndUsage() {
    chunk("""
        {"id": "chatcmpl-1", "model": "small-us", "choices": [{"index": 0, "delta": {"role": "assistant", "content": "Hel"}}]}""");
    chunk("""
        {"id": "chatcmpl-1", "model": "small-us", "choices": [{"index": 0, "delta": {"content": "lo"}}]}""");
    chunk("""
        {"id": "chatcmpl-1", "model": "small-us", "choices": [{"index": 0, "delta": {}, "finish_reason": "length"}]}""");
    chunk("""
        {"id": "chatcmpl-1", "model": "small-us", "choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 2}}""");
    out.addAll(events.end());
    assertEquals(List.of("message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta",
        "content_block_stop", "message_delta", "message_stop"), names());
    assertEquals(json("""
        {"type": "message_start", "message": {"id": "msg_chatcmpl-1", "type": "message", "role": "assistant",
         "model": "small-us", "content": [], "stop_reason": null, "stop_sequence": null,
         "usage": {"input_tokens": 0, "output_tokens": 0}}}"""), data(0));
    assertEquals(json("""
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}"""), data(2));
    assertEquals(json("""
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hel"}}"""), data(3));
    assertEquals(json("{\"type\": \"content_block_stop\", \"index\": 0}"), data(5));
    assertEquals(json("""
        {"type": "message_delta", "delta": {"stop_reason": "max_tokens", "stop_sequence": null},
         "usage": {"input_tokens": 9, "output_tokens": 2}}"""), data(6));
    assertEquals(json("{\"type\": \"message_stop\"}"), data(7));
  }

  @Test
  void thinkingBlocksStreamAsThinkingAndSignatureDeltasBeforeTheText() {
    chunk("""
        {"id": "msg_1", "model": "claude", "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]}""");
    chunk("""
        {"id": "msg_1", "choices": [{"index": 0, "delta": {"thinking_blocks": [{"index": 0, "type": "thinking", "thinking": ""}]}}]}""");
    chunk("""
        {"id": "msg_1", "choices": [{"index": 0, "delta": {"thinking_blocks": [{"index": 0, "type": "thinking", "thinking": "Hm."}]}}]}""");
    chunk("""
        {"id": "msg_1", "choices": [{"index": 0, "delta": {"thinking_blocks": [{"index": 0, "type": "thinking", "signature": "sig"}]}}]}""");
    chunk("""
        {"id": "msg_1", "choices": [{"index": 0, "delta": {"thinking_blocks": [{"index": 1, "type": "redacted_thinking", "data": "ENC"}]}}]}""");
    chunk("""
        {"id": "msg_1", "choices": [{"index": 0, "delta": {"content": "Yes."}}]}""");
    out.addAll(events.end());
    assertEquals(List.of("message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta",
        "content_block_stop", "content_block_start", "content_block_stop", "content_block_start", "content_block_delta",
        "content_block_stop", "message_delta", "message_stop"), names());
    assertEquals(json("""
        {"type": "content_block_start", "index": 0, "content_block": {"type": "thinking", "thinking": "", "signature": ""}}"""),
        data(2));
    assertEquals(json("""
        {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "Hm."}}"""), data(3));
    assertEquals(json("""
        {"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta", "signature": "sig"}}"""), data(4));
    assertEquals(json("""
        {"type": "content_block_start", "index": 1, "content_block": {"type": "redacted_thinking", "data": "ENC"}}"""),
        data(6));
    assertEquals(json("""
        {"type": "content_block_delta", "index": 2, "delta": {"type": "text_delta", "text": "Yes."}}"""), data(9));
  }

  @Test
  void toolCallsAreToolUseBlocksWithInputJsonDeltas() {
    chunk("""
        {"id": "c", "choices": [{"index": 0, "delta": {"content": "Checking."}}]}""");
    chunk("""
        {"id": "c", "choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
          "function": {"name": "get_weather", "arguments": ""}}]}}]}""");
    chunk("""
        {"id": "c", "choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": "{\\"city\\":"}}]}}]}""");
    chunk("""
        {"id": "c", "choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": "\\"Paris\\"}"}}]}}]}""");
    chunk("""
        {"id": "c", "choices": [{"index": 0, "delta": {"tool_calls": [{"index": 1, "id": "call_2",
          "function": {"name": "now", "arguments": "{}"}}]}}]}""");
    chunk("""
        {"id": "c", "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}""");
    out.addAll(events.end());
    assertEquals(List.of("message_start", "ping", "content_block_start", "content_block_delta", "content_block_stop",
        "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
        "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"), names());
    assertEquals("small-us", data(0).path("message").path("model").asText(), "the catalog model when chunks name none");
    assertEquals(json("""
        {"type": "content_block_start", "index": 1, "content_block": {"type": "tool_use", "id": "call_1",
         "name": "get_weather", "input": {}}}"""), data(5));
    assertEquals(json("""
        {"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": "{\\"city\\":"}}"""),
        data(6));
    assertEquals(2, data(9).path("index").asInt());
    assertEquals("tool_use", data(12).path("delta").path("stop_reason").asText());
    assertEquals(0, data(12).path("usage").path("output_tokens").asInt(), "no usage reported: zero, not missing");
  }

  @Test
  void anEmptyAnswerStillStartsAndStops() {
    out.addAll(events.end());
    assertEquals(List.of("message_start", "ping", "message_delta", "message_stop"), names());
    assertEquals("end_turn", data(2).path("delta").path("stop_reason").asText());
  }

  @Test
  void anErrorMidStreamIsAnErrorEventAndNothingFollows() {
    chunk("""
        {"id": "c", "choices": [{"index": 0, "delta": {"content": "Sure, the"}}]}""");
    out.addAll(events.error(ApiError.policy(403, "basic/withhold-forbidden-answers", "The answer was withheld")));
    out.addAll(events.end());
    chunk("""
        {"id": "c", "choices": [{"index": 0, "delta": {"content": "late"}}]}""");
    assertEquals(List.of("message_start", "ping", "content_block_start", "content_block_delta", "error"), names());
    assertEquals(json("""
        {"type": "error", "error": {"type": "permission_error", "message": "The answer was withheld",
         "code": "basic/withhold-forbidden-answers"}}"""), data(4));
  }
}
