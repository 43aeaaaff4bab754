package dev.warden.gateway.chat;

import static dev.warden.gateway.chat.AnthropicMessagesTest.bad;
import static dev.warden.gateway.chat.AnthropicMessagesTest.json;
import static dev.warden.gateway.chat.AnthropicMessagesTest.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.eval.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Anthropic-only fields of a Messages request in the canonical body: carried where they
 * were, checked as Anthropic checks them, and removed for an upstream that is not Anthropic's.
 */
public class AnthropicExtensionsTest {
  /** A request with every Anthropic-only field, in the form Anthropic's API takes (and the provider sends). */
  public static final String CACHED = """
      {"model": "m", "max_tokens": 4096, "top_k": 5, "thinking": {"type": "enabled", "budget_tokens": 2048},
       "system": [{"type": "text", "text": "You are a clerk.", "cache_control": {"type": "ephemeral", "ttl": "1h"}}],
       "tools": [{"name": "lookup", "input_schema": {"type": "object"}, "cache_control": {"type": "ephemeral"}}],
       "messages": [
         {"role": "user", "content": [
           {"type": "image", "source": {"type": "url", "url": "https://example.org/a.png"},
            "cache_control": {"type": "ephemeral"}},
           {"type": "text", "text": "Look it up.", "cache_control": {"type": "ephemeral"}}]},
         {"role": "assistant", "content": [
           {"type": "thinking", "thinking": "I should look.", "signature": "sig-1"},
           {"type": "redacted_thinking", "data": "ENCRYPTED"},
           {"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": {"q": "a"},
            "cache_control": {"type": "ephemeral"}}]},
         {"role": "user", "content": [
           {"type": "tool_result", "tool_use_id": "toolu_1", "cache_control": {"type": "ephemeral"},
            "content": [{"type": "text", "text": "found", "cache_control": {"type": "ephemeral"}}]}]}]}""";

  @Test
  void cacheBreakpointsThinkingAndTopKAreCarriedWhereTheyWere() {
    ChatRequest r = parse(CACHED);
    ObjectNode body = r.body();
    assertEquals(5, body.path("top_k").asInt());
    assertEquals(json("{\"type\": \"enabled\", \"budget_tokens\": 2048}"), body.path("thinking"));
    JsonNode eph = json("{\"type\": \"ephemeral\"}");
    assertEquals(json("{\"type\": \"ephemeral\", \"ttl\": \"1h\"}"),
        body.at("/messages/0/content/0/cache_control"), "system block");
    assertEquals(eph, body.at("/tools/0/cache_control"));
    assertEquals(eph, body.at("/messages/1/content/0/cache_control"), "image");
    assertEquals(eph, body.at("/messages/1/content/1/cache_control"), "text");
    assertEquals(json("""
        [{"type": "thinking", "thinking": "I should look.", "signature": "sig-1"},
         {"type": "redacted_thinking", "data": "ENCRYPTED"}]"""), body.at("/messages/2/content"));
    assertEquals(eph, body.at("/messages/2/tool_calls/0/cache_control"), "tool_use");
    assertEquals(eph, body.at("/messages/3/cache_control"), "tool_result");
    assertEquals(eph, body.at("/messages/3/content/0/cache_control"), "text in a tool_result");
    // the rules read the texts, not the earlier thinking (which cannot be changed: it is signed)
    assertEquals(new ChatMessage("assistant", ""), r.messages().get(2));
  }

  @Test
  void assistantTextWithoutBreakpointsOrThinkingIsStillOneString() {
    ChatRequest r = parse("""
        {"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": "Hi"},
         {"role": "assistant", "content": [{"type": "text", "text": "Hel"}, {"type": "text", "text": "lo"}]},
         {"role": "user", "content": "Again"}]}""");
    assertEquals("Hello", r.body().at("/messages/1/content").asText());
  }

  @Test
  void aRedactionThatJoinsTextPartsKeepsTheLastBreakpoint() {
    ChatRequest r = parse("""
        {"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": [
          {"type": "text", "text": "My SSN is 536-22-8145."},
          {"type": "text", "text": "Keep it.", "cache_control": {"type": "ephemeral"}}]}]}""");
    JsonNode up = OpenAiChat.upstreamBody(r, List.of(new ChatMessage("user", "My SSN is ***********.\nKeep it.")), "u");
    assertEquals(json("""
        [{"type": "text", "text": "My SSN is ***********.\\nKeep it.", "cache_control": {"type": "ephemeral"}}]"""),
        up.at("/messages/0/content"));
  }

  @Test
  void malformedCacheControlThinkingAndThinkingBlocksAre400s() {
    String msgs = ", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}";
    String head = "{\"model\": \"m\", \"max_tokens\": 4096, ";
    assertTrue(bad(head + "\"system\": [{\"type\": \"text\", \"text\": \"s\", \"cache_control\": {\"type\": \"forever\"}}]"
        + msgs).contains("system[0].cache_control must be {\"type\": \"ephemeral\"}"));
    assertTrue(bad(head + "\"system\": [{\"type\": \"text\", \"text\": \"s\", \"cache_control\": \"ephemeral\"}]" + msgs)
        .contains("system[0].cache_control must be"));
    assertTrue(bad(head + "\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"x\","
        + " \"cache_control\": {\"type\": \"ephemeral\", \"ttl\": \"2h\"}}]}]}")
        .contains("messages[0].content[0].cache_control must be"));
    assertTrue(bad(head + "\"tools\": [{\"name\": \"f\", \"input_schema\": {}, \"cache_control\": {}}]" + msgs)
        .contains("tools[0].cache_control must be"));
    assertTrue(bad(head + "\"thinking\": true" + msgs).contains("\"thinking\" must be {\"type\": \"enabled\""));
    assertTrue(bad(head + "\"thinking\": {\"type\": \"on\"}" + msgs).contains("\"thinking\" must be"));
    assertTrue(bad(head + "\"thinking\": {\"type\": \"enabled\"}" + msgs)
        .contains("\"thinking.budget_tokens\" is required"));
    assertTrue(bad(head + "\"thinking\": {\"type\": \"enabled\", \"budget_tokens\": \"2048\"}" + msgs)
        .contains("\"thinking.budget_tokens\" is required and must be an integer"));
    assertTrue(bad(head + "\"thinking\": {\"type\": \"enabled\", \"budget_tokens\": 1000}" + msgs)
        .contains("at least 1024"));
    assertTrue(bad(head + "\"thinking\": {\"type\": \"enabled\", \"budget_tokens\": 4096}" + msgs)
        .contains("less than \"max_tokens\" (4096); it is 4096"));
    String turn = head + "\"messages\": [{\"role\": \"user\", \"content\": \"x\"}, {\"role\": \"assistant\", \"content\": [";
    assertTrue(bad(turn + "{\"type\": \"thinking\", \"thinking\": \"hm\"}]}]}")
        .contains("messages[1].content[0] (thinking) needs its \"signature\""));
    assertTrue(bad(turn + "{\"type\": \"thinking\", \"thinking\": \"hm\", \"signature\": \"\"}]}]}")
        .contains("needs its \"signature\""));
    assertTrue(bad(turn + "{\"type\": \"thinking\", \"signature\": \"s\"}]}]}")
        .contains("messages[1].content[0].thinking must be a string"));
    assertTrue(bad(turn + "{\"type\": \"redacted_thinking\"}]}]}").contains("(redacted_thinking) needs its \"data\""));
    assertTrue(bad(head + "\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"thinking\", \"thinking\": \"x\","
        + " \"signature\": \"s\"}]}]}").contains("\"thinking\" is not accepted in a user message"));
    // disabled needs no budget
    assertFalse(parse(head + "\"thinking\": {\"type\": \"disabled\"}" + msgs).body().path("thinking").isMissingNode());
  }

  @Test
  void anUpstreamThatIsNotAnthropicsGetsNoneOfItAndTheCallerHearsWhatWasNotApplied() {
    ObjectNode body = parse(CACHED).body().deepCopy();
    List<String> notApplied = AnthropicExtensions.strip(body);
    assertEquals(List.of("top_k", "thinking"), notApplied);
    assertFalse(body.toString().contains("cache_control"), body.toString());
    assertFalse(body.toString().contains("thinking"), body.toString());
    assertFalse(body.has("top_k"));
    assertEquals("", body.at("/messages/2/content").asText(), "an assistant turn of thinking only has empty content");
    assertEquals("lookup", body.at("/messages/2/tool_calls/0/function/name").asText());
    assertEquals("Look it up.", body.at("/messages/1/content/1/text").asText());
    assertEquals("top_k and thinking not applied: the model that served this request is not an Anthropic model",
        AnthropicExtensions.notAppliedWarning(notApplied));
    ObjectNode disabled = parse("""
        {"model": "m", "max_tokens": 10, "thinking": {"type": "disabled"},
         "messages": [{"role": "user", "content": "x"}]}""").body().deepCopy();
    assertEquals(List.of(), AnthropicExtensions.strip(disabled), "thinking disabled is not an option lost");
    assertFalse(disabled.has("thinking"));
  }
}
