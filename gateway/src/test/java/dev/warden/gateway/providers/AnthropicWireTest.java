package dev.warden.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.chat.AnthropicExtensionsTest;
import dev.warden.gateway.chat.AnthropicMessages;
import dev.warden.gateway.chat.OpenAiChat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Anthropic provider's body translation, both ways, without a server. */
class AnthropicWireTest {
  static JsonNode json(String text) {
    try {
      return OpenAiChat.JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ObjectNode obj(String text) {
    try {
      return (ObjectNode) OpenAiChat.JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ObjectNode request(String openAi) throws UpstreamException {
    return AnthropicWire.request(obj(openAi));
  }

  @Test
  void systemMessagesGoToSystemAndMaxTokensIsAlwaysSet() throws Exception {
    assertEquals(json("""
        {"model": "claude-x", "max_tokens": 4096, "system": "Be brief.",
         "messages": [{"role": "user", "content": [{"type": "text", "text": "Hi"}]}]}"""),
        request("""
            {"model": "claude-x", "messages": [{"role": "system", "content": "Be brief."},
             {"role": "user", "content": "Hi"}]}"""));
    ObjectNode r = request("""
        {"model": "m", "max_completion_tokens": 77, "max_tokens": 5, "messages": [
          {"role": "system", "content": "One."}, {"role": "developer", "content": [{"type": "text", "text": "Two."}]},
          {"role": "user", "content": "Hi"}]}""");
    assertEquals(77, r.path("max_tokens").asInt());
    assertEquals(json("[{\"type\": \"text\", \"text\": \"One.\"}, {\"type\": \"text\", \"text\": \"Two.\"}]"),
        r.path("system"));
  }

  @Test
  void toolCallsAndResultsBecomeToolUseAndUserTurnsWithConsecutiveRolesMerged() throws Exception {
    ObjectNode r = request("""
        {"model": "m", "max_tokens": 50, "messages": [
          {"role": "user", "content": "Weather in Paris and Rome?"},
          {"role": "user", "content": "Be quick."},
          {"role": "assistant", "content": "", "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "weather", "arguments": "{\\"city\\":\\"Paris\\"}"}},
            {"id": "call_2", "type": "function", "function": {"name": "weather", "arguments": "{\\"city\\":\\"Rome\\"}"}}]},
          {"role": "tool", "tool_call_id": "call_1", "content": "18C"},
          {"role": "tool", "tool_call_id": "call_2", "content": [{"type": "text", "text": "22C"}]},
          {"role": "user", "content": "Thanks"}]}""");
    assertEquals(json("""
        [{"role": "user", "content": [{"type": "text", "text": "Weather in Paris and Rome?"}, {"type": "text", "text": "Be quick."}]},
         {"role": "assistant", "content": [
           {"type": "tool_use", "id": "call_1", "name": "weather", "input": {"city": "Paris"}},
           {"type": "tool_use", "id": "call_2", "name": "weather", "input": {"city": "Rome"}}]},
         {"role": "user", "content": [
           {"type": "tool_result", "tool_use_id": "call_1", "content": "18C"},
           {"type": "tool_result", "tool_use_id": "call_2", "content": [{"type": "text", "text": "22C"}]},
           {"type": "text", "text": "Thanks"}]}]"""), r.path("messages"));
  }

  @Test
  void imagesAreBase64OrUrlSources() throws Exception {
    ObjectNode r = request("""
        {"model": "m", "messages": [{"role": "user", "content": [
          {"type": "text", "text": "Compare"},
          {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
          {"type": "image_url", "image_url": {"url": "https://example.org/cat.jpg", "detail": "low"}}]}]}""");
    assertEquals(json("""
        [{"type": "text", "text": "Compare"},
         {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
         {"type": "image", "source": {"type": "url", "url": "https://example.org/cat.jpg"}}]"""),
        r.path("messages").path(0).path("content"));
  }

  @Test
  void toolsChoicesStopsSamplingAndUser() throws Exception {
    ObjectNode r = request("""
        {"model": "m", "stop": "END", "temperature": 1.6, "top_p": 0.5, "user": "u-1", "parallel_tool_calls": false,
         "tools": [{"type": "function", "function": {"name": "f", "description": "does f",
                    "parameters": {"type": "object", "properties": {}}}},
                   {"type": "function", "function": {"name": "g"}}],
         "tool_choice": "required",
         "messages": [{"role": "user", "content": "x"}]}""");
    assertEquals(json("""
        [{"name": "f", "description": "does f", "input_schema": {"type": "object", "properties": {}}},
         {"name": "g", "input_schema": {"type": "object"}}]"""), r.path("tools"));
    assertEquals(json("{\"type\": \"any\", \"disable_parallel_tool_use\": true}"), r.path("tool_choice"));
    assertEquals(json("[\"END\"]"), r.path("stop_sequences"));
    assertEquals(1.0, r.path("temperature").asDouble(), "Anthropic's temperature is at most 1");
    assertEquals(0.5, r.path("top_p").asDouble());
    assertEquals("u-1", r.path("metadata").path("user_id").asText());
    assertEquals(json("{\"type\": \"tool\", \"name\": \"f\"}"), request("""
        {"model": "m", "tools": [{"type": "function", "function": {"name": "f"}}],
         "tool_choice": {"type": "function", "function": {"name": "f"}}, "messages": [{"role": "user", "content": "x"}]}""")
        .path("tool_choice"));
    assertFalse(request("""
        {"model": "m", "tool_choice": "auto", "messages": [{"role": "user", "content": "x"}]}""").has("tool_choice"),
        "no tools, no tool choice");
  }

  @Test
  void whatAnthropicCannotDoIsA400ThatSaysSo() {
    String msgs = "\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}";
    for (String[] c : new String[][] {
        {"{\"model\": \"m\", \"n\": 2, " + msgs, "\"n\""},
        {"{\"model\": \"m\", \"response_format\": {\"type\": \"json_object\"}, " + msgs, "response_format"},
        {"{\"model\": \"m\", \"logprobs\": true, " + msgs, "logprobs"},
        {"{\"model\": \"m\", \"messages\": [{\"role\": \"function\", \"name\": \"f\", \"content\": \"x\"}]}", "role \"function\""},
        {"{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"input_audio\"}]}]}", "input_audio"},
        {"{\"model\": \"m\", \"messages\": [{\"role\": \"assistant\", \"tool_calls\": [{\"id\": \"a\", \"function\":"
            + " {\"name\": \"f\", \"arguments\": \"[1\"}}]}]}", "not a JSON object"},
        {"{\"model\": \"m\", \"tools\": [{\"type\": \"custom\", \"custom\": {}}], " + msgs, "function tools only"}}) {
      UpstreamException e = assertThrows(UpstreamException.class, () -> request(c[0]), c[0]);
      assertEquals(400, e.status());
      assertFalse(e.retryable());
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
    }
  }

  @Test
  void anAnthropicClientsRequestReachesAnthropicAsItWasSent() throws Exception {
    ObjectNode canonical = AnthropicMessages.parse(json(AnthropicExtensionsTest.CACHED), Map.of()).body();
    assertEquals(json(AnthropicExtensionsTest.CACHED), AnthropicWire.request(canonical));
  }

  @Test
  void aBreakpointOnTheOnlySystemBlockKeepsTheSystemPromptABlock() throws Exception {
    ObjectNode out = request("""
        {"model": "m", "messages": [{"role": "system", "content": [{"type": "text", "text": "s",
         "cache_control": {"type": "ephemeral"}}]}, {"role": "user", "content": "x"}]}""");
    assertEquals(json("[{\"type\": \"text\", \"text\": \"s\", \"cache_control\": {\"type\": \"ephemeral\"}}]"),
        out.path("system"));
  }

  @Test
  void aMessageIsACompletionWithThinkingBlocksToolCallsAndOpenAiUsage() throws Exception {
    JsonNode c = AnthropicWire.completion(obj("""
        {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-x",
         "content": [{"type": "thinking", "thinking": "hmm", "signature": "s"},
                     {"type": "text", "text": "Let me look."},
                     {"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": {"q": "cats"}}],
         "stop_reason": "tool_use", "stop_sequence": null,
         "usage": {"input_tokens": 10, "cache_read_input_tokens": 3, "output_tokens": 6}}"""), "anthropic");
    assertEquals("msg_1", c.path("id").asText());
    assertEquals("chat.completion", c.path("object").asText());
    assertEquals("claude-x", c.path("model").asText());
    JsonNode choice = c.path("choices").path(0);
    assertEquals(json("""
        {"role": "assistant", "thinking_blocks": [{"type": "thinking", "thinking": "hmm", "signature": "s"}],
         "content": "Let me look.", "tool_calls": [
          {"id": "toolu_1", "type": "function", "function": {"name": "lookup", "arguments": "{\\"q\\":\\"cats\\"}"}}]}"""),
        choice.path("message"));
    assertEquals("tool_calls", choice.path("finish_reason").asText());
    assertEquals(json("""
        {"prompt_tokens": 13, "completion_tokens": 6, "total_tokens": 19, "prompt_tokens_details": {"cached_tokens": 3}}"""),
        c.path("usage"));
  }

  @ParameterizedTest
  @CsvSource(nullValues = "-", value = {"end_turn,-,stop,-", "max_tokens,-,length,-", "stop_sequence,###,stop,###",
      "refusal,-,content_filter,-"})
  void stopReasonsAndTheMatchedSequence(String stopReason, String sequence, String finish, String reported)
      throws Exception {
    ObjectNode m = obj("{\"type\": \"message\", \"content\": [{\"type\": \"text\", \"text\": \"x\"}], \"usage\": {}}");
    m.put("stop_reason", stopReason);
    m.put("stop_sequence", sequence);
    JsonNode choice = AnthropicWire.completion(m, "a").path("choices").path(0);
    assertEquals(finish, choice.path("finish_reason").asText());
    assertEquals(reported, choice.path("stop_reason").isTextual() ? choice.path("stop_reason").asText() : null);
  }

  @Test
  void somethingThatIsNotAMessageIsA502() {
    UpstreamException e = assertThrows(UpstreamException.class,
        () -> AnthropicWire.completion(obj("{\"type\": \"error\"}"), "anthropic"));
    assertEquals(502, e.status());
    assertTrue(e.retryable());
  }
}
