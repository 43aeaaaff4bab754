package dev.warden.gateway.providers;

import static dev.warden.gateway.providers.AnthropicWireTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anthropic stream events as OpenAI-format chunks, without a server. */
class AnthropicStreamTest {
  final List<ObjectNode> chunks = new ArrayList<>();
  final AnthropicStream stream = new AnthropicStream("anthropic", chunks::add);

  void events(String... data) throws UpstreamException {
    for (String d : data) {
      stream.event(json(d));
    }
  }

  JsonNode delta(int i) {
    return chunks.get(i).path("choices").path(0).path("delta");
  }

  static final String START = """
      {"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-x",
       "content": [], "stop_reason": null, "usage": {"input_tokens": 10, "cache_read_input_tokens": 3, "output_tokens": 1}}}""";

  @Test
  void textStreamsAsRoleThenContentThenFinishThenUsage() throws Exception {
    events(START, "{\"type\": \"ping\"}",
        "{\"type\": \"content_block_start\", \"index\": 0, \"content_block\": {\"type\": \"text\", \"text\": \"\"}}",
        "{\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \"Hel\"}}",
        "{\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \"lo\"}}",
        "{\"type\": \"content_block_stop\", \"index\": 0}",
        "{\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"end_turn\", \"stop_sequence\": null},"
            + " \"usage\": {\"output_tokens\": 4}}");
    assertFalse(stream.finished());
    events("{\"type\": \"message_stop\"}", "{\"type\": \"content_block_delta\", \"index\": 0,"
        + " \"delta\": {\"type\": \"text_delta\", \"text\": \"after the end\"}}");
    assertTrue(stream.finished());
    assertEquals(5, chunks.size());
    assertEquals(json("{\"role\": \"assistant\", \"content\": \"\"}"), delta(0));
    assertEquals("Hel", delta(1).path("content").asText());
    assertEquals("lo", delta(2).path("content").asText());
    assertEquals("stop", chunks.get(3).path("choices").path(0).path("finish_reason").asText());
    assertEquals(json("""
        {"prompt_tokens": 13, "completion_tokens": 4, "total_tokens": 17, "prompt_tokens_details": {"cached_tokens": 3}}"""),
        chunks.get(4).path("usage"));
    for (ObjectNode c : chunks) {
      assertEquals("msg_1", c.path("id").asText());
      assertEquals("chat.completion.chunk", c.path("object").asText());
      assertEquals("claude-x", c.path("model").asText());
    }
  }

  @Test
  void toolUseStreamsAsToolCallDeltasAfterTheThinking() throws Exception {
    events(START,
        "{\"type\": \"content_block_start\", \"index\": 0, \"content_block\": {\"type\": \"thinking\", \"thinking\": \"\"}}",
        "{\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"thinking_delta\", \"thinking\": \"hm\"}}",
        "{\"type\": \"content_block_start\", \"index\": 1, \"content_block\": {\"type\": \"tool_use\", \"id\": \"toolu_1\","
            + " \"name\": \"lookup\", \"input\": {}}}",
        "{\"type\": \"content_block_delta\", \"index\": 1, \"delta\": {\"type\": \"input_json_delta\", \"partial_json\": \"{\\\"q\\\":\"}}",
        "{\"type\": \"content_block_delta\", \"index\": 1, \"delta\": {\"type\": \"input_json_delta\", \"partial_json\": \"\\\"cats\\\"}\"}}",
        "{\"type\": \"content_block_start\", \"index\": 2, \"content_block\": {\"type\": \"tool_use\", \"id\": \"toolu_2\","
            + " \"name\": \"now\", \"input\": {}}}",
        "{\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"tool_use\"}, \"usage\": {\"output_tokens\": 9}}",
        "{\"type\": \"message_stop\"}");
    assertEquals(json("""
        {"thinking_blocks": [{"index": 0, "type": "thinking", "thinking": ""}]}"""), delta(1));
    assertEquals(json("""
        {"thinking_blocks": [{"index": 0, "type": "thinking", "thinking": "hm"}]}"""), delta(2));
    assertEquals(json("""
        {"tool_calls": [{"index": 0, "id": "toolu_1", "type": "function", "function": {"name": "lookup", "arguments": ""}}]}"""),
        delta(3));
    assertEquals("{\"q\":", delta(4).path("tool_calls").path(0).path("function").path("arguments").asText());
    assertEquals("\"cats\"}", delta(5).path("tool_calls").path(0).path("function").path("arguments").asText());
    assertEquals(1, delta(6).path("tool_calls").path(0).path("index").asInt());
    assertEquals("tool_calls", chunks.get(7).path("choices").path(0).path("finish_reason").asText());
  }

  @Test
  void aStopSequenceIsNamedOnTheFinishChunk() throws Exception {
    events(START, "{\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"stop_sequence\", \"stop_sequence\": \"END\"},"
        + " \"usage\": {\"output_tokens\": 2}}", "{\"type\": \"message_stop\"}");
    JsonNode choice = chunks.get(1).path("choices").path(0);
    assertEquals("stop", choice.path("finish_reason").asText());
    assertEquals("END", choice.path("stop_reason").asText());
  }

  @Test
  void anErrorEventIsAnUpstreamErrorOverloadedIsRetryable() throws Exception {
    events(START);
    UpstreamException e = assertThrows(UpstreamException.class, () -> events(
        "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}"));
    assertEquals(529, e.status());
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("overloaded_error mid-stream: Overloaded"), e.getMessage());
    UpstreamException bad = assertThrows(UpstreamException.class, () -> new AnthropicStream("a", c -> { }).event(
        json("{\"type\": \"error\", \"error\": {\"type\": \"invalid_request_error\", \"message\": \"no\"}}")));
    assertFalse(bad.retryable());
  }

  @Test
  void unknownEventsAreSkipped() throws Exception {
    events(START, "{\"type\": \"something_new\", \"x\": 1}");
    assertEquals(1, chunks.size());
  }
}
