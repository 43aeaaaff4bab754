package dev.warden.gateway.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.engine.eval.ChatMessage;
import dev.warden.gateway.api.ApiError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Anthropic Messages requests into the canonical (OpenAI chat) request, without a server. */
class AnthropicMessagesTest {
  static JsonNode json(String text) {
    try {
      return OpenAiChat.JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ChatRequest parse(String body) {
    return AnthropicMessages.parse(json(body), Map.of());
  }

  static String bad(String body) {
    ApiError e = assertThrows(ApiError.class, () -> parse(body));
    assertEquals(400, e.status());
    assertEquals("invalid_request_error", e.type());
    return e.getMessage();
  }

  @Test
  void aPlainRequestBecomesTheSameChatRequest() {
    ChatRequest r = parse("""
        {"model": "small-us", "max_tokens": 256, "system": "Be brief.",
         "messages": [{"role": "user", "content": "Hi, I am Ann"}]}""");
    assertEquals("small-us", r.model());
    assertEquals(List.of(new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi, I am Ann")), r.messages());
    assertEquals(256, r.maxTokens().orElseThrow());
    assertFalse(r.stream());
    assertEquals(json("""
        {"model": "small-us", "messages": [{"role": "system", "content": "Be brief."},
         {"role": "user", "content": "Hi, I am Ann"}], "max_tokens": 256}"""), r.body());
  }

  @Test
  void aSystemPromptOfSeveralBlocksIsOneSystemMessageTheRulesReadWholeWithItsCacheBreakpoint() {
    ChatRequest r = parse("""
        {"model": "m", "max_tokens": 10,
         "system": [{"type": "text", "text": "You are a clerk."},
                    {"type": "text", "text": "Never share SSNs.", "cache_control": {"type": "ephemeral"}}],
         "messages": [{"role": "user", "content": "ok"}]}""");
    assertEquals(new ChatMessage("system", "You are a clerk.\nNever share SSNs."), r.messages().getFirst());
    assertEquals(json("""
        [{"type": "text", "text": "You are a clerk."},
         {"type": "text", "text": "Never share SSNs.", "cache_control": {"type": "ephemeral"}}]"""),
        r.body().path("messages").path(0).path("content"));
  }

  @Test
  void imagesBecomeImageUrlPartsAndTheRulesSeeTheText() {
    ChatRequest r = parse("""
        {"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": [
          {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
          {"type": "image", "source": {"type": "url", "url": "https://example.org/cat.jpg"}},
          {"type": "text", "text": "What is in these pictures?"}]}]}""");
    assertEquals(List.of(new ChatMessage("user", "What is in these pictures?")), r.messages());
    assertEquals(json("""
        [{"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
         {"type": "image_url", "image_url": {"url": "https://example.org/cat.jpg"}},
         {"type": "text", "text": "What is in these pictures?"}]"""), r.body().path("messages").path(0).path("content"));
  }

  @Test
  void toolUseAndToolResultsBecomeToolCallsAndToolMessagesEarlierThinkingStaysAsItWas() {
    ChatRequest r = parse("""
        {"model": "m", "max_tokens": 100,
         "tools": [{"name": "get_weather", "description": "Weather of a city",
                    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}}}],
         "tool_choice": {"type": "auto", "disable_parallel_tool_use": true},
         "messages": [
           {"role": "user", "content": "Weather in Paris?"},
           {"role": "assistant", "content": [
             {"type": "thinking", "thinking": "...", "signature": "x"},
             {"type": "text", "text": "Let me check."},
             {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}}]},
           {"role": "user", "content": [
             {"type": "tool_result", "tool_use_id": "toolu_1", "content": "18C and sunny"},
             {"type": "text", "text": "And tomorrow?"}]}]}""");
    assertEquals(json("""
        [{"role": "user", "content": "Weather in Paris?"},
         {"role": "assistant", "content": [{"type": "thinking", "thinking": "...", "signature": "x"},
                                           {"type": "text", "text": "Let me check."}], "tool_calls": [
           {"id": "toolu_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}}]},
         {"role": "tool", "tool_call_id": "toolu_1", "content": "18C and sunny"},
         {"role": "user", "content": [{"type": "text", "text": "And tomorrow?"}]}]"""), r.body().path("messages"));
    assertEquals(json("""
        [{"type": "function", "function": {"name": "get_weather", "description": "Weather of a city",
          "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]"""), r.body().path("tools"));
    assertEquals("auto", r.body().path("tool_choice").asText());
    assertFalse(r.body().path("parallel_tool_calls").asBoolean(true));
    // the rules read the tool's answer too: it is text the model will read
    assertEquals(new ChatMessage("tool", "18C and sunny"), r.messages().get(2));
  }

  @Test
  void aToolResultOfBlocksKeepsItsTextAndMovesItsImagesToTheUserTurn() {
    ChatRequest r = parse("""
        {"model": "m", "max_tokens": 100, "messages": [
          {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "shot", "input": {}}]},
          {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "is_error": false, "content": [
            {"type": "text", "text": "screen captured"},
            {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "AAAA"}}]}]}]}""");
    assertEquals(json("""
        [{"role": "assistant", "content": null, "tool_calls": [
           {"id": "t1", "type": "function", "function": {"name": "shot", "arguments": "{}"}}]},
         {"role": "tool", "tool_call_id": "t1", "content": [{"type": "text", "text": "screen captured"}]},
         {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,AAAA"}}]}]"""),
        r.body().path("messages"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"type\": \"any\"}|\"required\"",
      "{\"type\": \"none\"}|\"none\"",
      "{\"type\": \"tool\", \"name\": \"f\"}|{\"type\": \"function\", \"function\": {\"name\": \"f\"}}"})
  void toolChoicesTranslate(String anthropic, String openAi) {
    ChatRequest r = parse("{\"model\": \"m\", \"max_tokens\": 5, \"tool_choice\": " + anthropic
        + ", \"tools\": [{\"name\": \"f\", \"input_schema\": {\"type\": \"object\"}}],"
        + " \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}");
    assertEquals(json(openAi), r.body().path("tool_choice"));
  }

  @Test
  void samplingStopSequencesMetadataAndStreaming() {
    ChatRequest r = parse("""
        {"model": "m", "max_tokens": 64, "temperature": 0.2, "top_p": 0.9, "top_k": 40,
         "stop_sequences": ["END", "###"], "metadata": {"user_id": "u-42"}, "stream": true,
         "messages": [{"role": "user", "content": "x"}]}""");
    assertEquals(0.2, r.body().path("temperature").asDouble());
    assertEquals(0.9, r.body().path("top_p").asDouble());
    assertEquals(40, r.body().path("top_k").asInt(), "carried for an Anthropic upstream");
    assertEquals(json("[\"END\", \"###\"]"), r.body().path("stop"));
    assertEquals(Map.of("user_id", "u-42"), r.metadata());
    assertTrue(r.stream());
    assertTrue(r.includeUsage(), "an Anthropic stream always reports usage at the end");
  }

  @Test
  void redactionsAreWrittenBackIntoTheTranslatedBody() {
    ChatRequest r = parse("""
        {"model": "m", "max_tokens": 10, "system": "sys",
         "messages": [{"role": "user", "content": [{"type": "text", "text": "SSN 536-22-8145"}]}]}""");
    var redacted = List.of(new ChatMessage("system", "sys"), new ChatMessage("user", "SSN ***********"));
    JsonNode up = OpenAiChat.upstreamBody(r, redacted, "upstream-id");
    assertEquals("SSN ***********", up.path("messages").path(1).path("content").path(0).path("text").asText());
    assertEquals("upstream-id", up.path("model").asText());
  }

  @Test
  void badRequestsSayWhatIsWrong() {
    String msgs = "\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]";
    assertTrue(bad("[1, 2]").contains("JSON object"));
    assertTrue(bad("{\"max_tokens\": 5, " + msgs + "}").contains("\"model\" is required"));
    assertTrue(bad("{\"model\": \"m\", " + msgs + "}").contains("\"max_tokens\" is required"));
    assertTrue(bad("{\"model\": \"m\", \"max_tokens\": 0, " + msgs + "}").contains("positive integer"));
    assertTrue(bad("{\"model\": \"m\", \"max_tokens\": \"5\", " + msgs + "}").contains("positive integer"));
    assertTrue(bad("{\"model\": \"m\", \"max_tokens\": 5, \"messages\": []}").contains("non-empty array"));
    assertTrue(bad("{\"model\": \"m\", \"max_tokens\": 5}").contains("\"messages\" is required"));
    assertTrue(bad("{\"model\": \"m\", \"max_tokens\": 5, \"messages\": [{\"role\": \"system\", \"content\": \"x\"}]}")
        .contains("messages[0].role must be \"user\" or \"assistant\""));
    assertTrue(bad("{\"model\": \"m\", \"max_tokens\": 5, \"messages\": [{\"role\": \"user\", \"content\": 42}]}")
        .contains("messages[0].content must be a string or a non-empty array"));
    assertTrue(bad("{\"model\": \"m\", \"max_tokens\": 5, \"messages\": [{\"role\": \"user\", \"content\": []}]}")
        .contains("non-empty array of content blocks"));
    assertTrue(bad("{\"model\": \"m\", \"max_tokens\": 5, \"messages\": [\"hello\"]}")
        .contains("messages[0] must be an object"));
  }

  @Test
  void blocksOutOfPlaceOrOfUnknownTypesAreRefused() {
    String head = "{\"model\": \"m\", \"max_tokens\": 5, \"messages\": [";
    assertTrue(bad(head + "{\"role\": \"user\", \"content\": [{\"type\": \"tool_use\", \"id\": \"a\", \"name\": \"f\"}]}]}")
        .contains("messages[0].content[0].type \"tool_use\" is not accepted in a user message"));
    assertTrue(bad(head + "{\"role\": \"assistant\", \"content\": [{\"type\": \"image\", \"source\": {}}]}]}")
        .contains("is not accepted in an assistant message"));
    assertTrue(bad(head + "{\"role\": \"user\", \"content\": [{\"type\": \"document\", \"source\": {}}]}]}")
        .contains("\"document\""));
    assertTrue(bad(head + "{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": 5}]}]}")
        .contains("messages[0].content[0].text must be a string"));
    assertTrue(bad(head + "{\"role\": \"user\", \"content\": [{\"type\": \"image\", \"source\": {\"type\": \"file\"}}]}]}")
        .contains(".source must be"));
    assertTrue(bad(head + "{\"role\": \"user\", \"content\": [{\"type\": \"tool_result\"}]}]}")
        .contains("tool_use_id is required"));
    assertTrue(bad(head + "{\"role\": \"assistant\", \"content\": [{\"type\": \"tool_use\", \"id\": \"a\", \"name\": \"f\","
        + " \"input\": [1]}]}]}").contains(".input must be an object"));
    assertTrue(bad(head + "{\"role\": \"user\", \"content\": [\"text\"]}]}").contains("must be a content block"));
  }

  @Test
  void otherFieldsOfTheWrongShapeAreRefused() {
    String msgs = ", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}";
    String head = "{\"model\": \"m\", \"max_tokens\": 5, ";
    assertTrue(bad(head + "\"system\": 5" + msgs).contains("\"system\" must be a string or an array of text blocks"));
    assertTrue(bad(head + "\"system\": [{\"type\": \"image\"}]" + msgs).contains("system[0] must be a text block"));
    assertTrue(bad(head + "\"temperature\": \"hot\"" + msgs).contains("\"temperature\" must be a number"));
    assertTrue(bad(head + "\"top_k\": -1" + msgs).contains("\"top_k\" must be a positive integer"));
    assertTrue(bad(head + "\"stop_sequences\": \"END\"" + msgs).contains("array of strings"));
    assertTrue(bad(head + "\"stream\": \"yes\"" + msgs).contains("\"stream\" must be true or false"));
    assertTrue(bad(head + "\"metadata\": \"u\"" + msgs).contains("\"metadata\" must be an object"));
    assertTrue(bad(head + "\"tools\": {}" + msgs).contains("\"tools\" must be an array"));
    assertTrue(bad(head + "\"tools\": [{\"name\": \"f\"}]" + msgs).contains("tools[0].input_schema is required"));
    assertTrue(bad(head + "\"tools\": [{\"type\": \"web_search_20250305\", \"name\": \"web_search\"}]" + msgs)
        .contains("server tool"));
    assertTrue(bad(head + "\"tool_choice\": {\"type\": \"sometimes\"}" + msgs).contains("\"tool_choice\" must be"));
  }
}
