package dev.warden.gateway.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.eval.ChatMessage;
import dev.warden.gateway.api.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request's texts besides message content: found for the rules, redactions written back in place. */
class AttachedTextsTest {
  static JsonNode json(String s) throws Exception {
    return OpenAiChat.JSON.readTree(s);
  }

  static final String TOOL_HISTORY = """
      {"model": "m", "messages": [
        {"role": "user", "content": "go on"},
        {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function",
          "function": {"name": "save", "arguments": "{\\"ssn\\": \\"536-22-8145\\", \\"n\\": [7, {\\"k\\": \\"x\\"}], \\"ok\\": true}"}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "ok"}],
       "prediction": {"type": "content", "content": "predicted 536-22-8145"},
       "tools": [{"type": "function", "function": {"name": "save", "description": "Saves a record",
         "parameters": {"type": "object", "properties": {"ssn": {"type": "string", "description": "like 000-00-0000"}}}}}]}
      """;

  @Test
  void argumentValuesPredictionAndToolDescriptionsAreTextsAfterTheMessages() throws Exception {
    ChatRequest r = OpenAiChat.parse(json(TOOL_HISTORY), Map.of());
    assertEquals(List.of(
        new ChatMessage("user", "go on"),
        new ChatMessage("assistant", ""),
        new ChatMessage("tool", "ok"),
        ChatMessage.attached("assistant", "536-22-8145"),
        ChatMessage.attached("assistant", "7"),
        ChatMessage.attached("assistant", "x"),
        ChatMessage.attached("assistant", "predicted 536-22-8145"),
        ChatMessage.attached("tool", "Saves a record"),
        ChatMessage.attached("tool", "like 000-00-0000")), r.messages());
  }

  @Test
  void redactionsAreWrittenInsideTheArgumentsWhichStayJson() throws Exception {
    ChatRequest r = OpenAiChat.parse(json(TOOL_HISTORY), Map.of());
    List<ChatMessage> redacted = new ArrayList<>(r.messages());
    redacted.set(3, redacted.get(3).withContent("***********"));
    redacted.set(5, redacted.get(5).withContent("\"quoted\" <EMAIL_1>"));
    redacted.set(6, redacted.get(6).withContent("predicted ***********"));
    redacted.set(8, redacted.get(8).withContent("like [SSN]"));
    ObjectNode up = OpenAiChat.upstreamBody(r, redacted, "up");
    JsonNode args = json(up.at("/messages/1/tool_calls/0/function/arguments").asText());
    assertEquals(json("{\"ssn\": \"***********\", \"n\": [7, {\"k\": \"\\\"quoted\\\" <EMAIL_1>\"}], \"ok\": true}"), args);
    assertEquals("predicted ***********", up.at("/prediction/content").asText());
    assertEquals("Saves a record", up.at("/tools/0/function/description").asText());
    assertEquals("like [SSN]", up.at("/tools/0/function/parameters/properties/ssn/description").asText());
    assertEquals("go on", up.at("/messages/0/content").asText());
  }

  @Test
  void unchangedArgumentsAreSentAsTheCallerWroteThem() throws Exception {
    ChatRequest r = OpenAiChat.parse(json(TOOL_HISTORY), Map.of());
    ObjectNode up = OpenAiChat.upstreamBody(r, r.messages(), "up");
    assertEquals(r.body().at("/messages/1/tool_calls/0/function/arguments"),
        up.at("/messages/1/tool_calls/0/function/arguments"));
  }

  @Test
  void argumentsThatAreNotJsonAreOneRawText() throws Exception {
    ChatRequest r = OpenAiChat.parse(json("""
        {"model": "m", "messages": [{"role": "assistant", "function_call": {"name": "f", "arguments": "ssn 536-22-8145"}}]}
        """), Map.of());
    assertEquals(ChatMessage.attached("assistant", "ssn 536-22-8145"), r.messages().get(1));
    List<ChatMessage> redacted = List.of(r.messages().get(0), r.messages().get(1).withContent("ssn ***"));
    assertEquals("ssn ***", OpenAiChat.upstreamBody(r, redacted, "up").at("/messages/0/function_call/arguments").asText());
  }

  @Test
  void predictionPartsAndLegacyFunctionsAreTexts() throws Exception {
    ChatRequest r = OpenAiChat.parse(json("""
        {"model": "m", "messages": [{"role": "user", "content": "hi"}],
         "prediction": {"type": "content", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]},
         "functions": [{"name": "f", "description": "d", "parameters": {}}]}
        """), Map.of());
    assertEquals(List.of(new ChatMessage("user", "hi"), ChatMessage.attached("assistant", "a"),
        ChatMessage.attached("assistant", "b"), ChatMessage.attached("tool", "d")), r.messages());
    List<ChatMessage> redacted = new ArrayList<>(r.messages());
    redacted.set(2, redacted.get(2).withContent("B"));
    redacted.set(3, redacted.get(3).withContent("D"));
    ObjectNode up = OpenAiChat.upstreamBody(r, redacted, "up");
    assertEquals("B", up.at("/prediction/content/1/text").asText());
    assertEquals("a", up.at("/prediction/content/0/text").asText());
    assertEquals("D", up.at("/functions/0/description").asText());
  }

  @Test
  void anthropicToolUseInputIsTheSameTexts() throws Exception {
    ChatRequest r = AnthropicMessages.parse(json("""
        {"model": "m", "max_tokens": 10, "messages": [
          {"role": "user", "content": "go on"},
          {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "save", "input": {"ssn": "536-22-8145"}}]},
          {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "saved 536-22-8145"}]}],
         "tools": [{"name": "save", "description": "Saves", "input_schema": {"type": "object"}}]}
        """), Map.of());
    assertTrue(r.messages().contains(new ChatMessage("tool", "saved 536-22-8145")), r.messages().toString());
    assertTrue(r.messages().contains(ChatMessage.attached("assistant", "536-22-8145")), r.messages().toString());
    assertTrue(r.messages().contains(ChatMessage.attached("tool", "Saves")), r.messages().toString());
  }

  @Test
  void argumentsThatAreNotAStringAndABadNAreRefused() {
    ApiError e = assertThrows(ApiError.class, () -> OpenAiChat.parse(json("""
        {"model": "m", "messages": [{"role": "assistant", "tool_calls": [{"id": "c", "type": "function",
          "function": {"name": "f", "arguments": {"a": 1}}}]}]}
        """), Map.of()));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains("messages[0].tool_calls[0].function.arguments"), e.getMessage());
    ApiError n = assertThrows(ApiError.class, () -> OpenAiChat.parse(json("""
        {"model": "m", "n": 0, "messages": [{"role": "user", "content": "hi"}]}
        """), Map.of()));
    assertEquals(400, n.status());
  }
}
