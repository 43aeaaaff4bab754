package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.chat.UncheckedOutputs;
import dev.warden.gateway.testing.MockUpstream;
import dev.warden.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Non-streamed answers when the gateway checks them: the arguments of the model's tool calls
 * are checked and get their pseudonyms back (OpenAI and Anthropic formats), and nothing goes
 * back unchecked: several choices and audio are refused before the model is called, logprobs
 * are neither asked for nor returned. Without checks on answers those pass through.
 */
@Timeout(60)
class CheckedAnswersApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static MockUpstream mock;
  static TestGateway basic;
  static TestGateway shipped;
  static TestGateway unchecked;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    mock = MockUpstream.start();
    basic = TestGateway.start(Files.createDirectory(dir.resolve("basic")),
        TestGateway.config(TestGateway.testPacks(), ""), mock);
    shipped = TestGateway.start(Files.createDirectory(dir.resolve("shipped")),
        TestGateway.config(ToolTextsApiTest.pack("pii-baseline"), ""), mock);
    // request rules only, no pseudonyms: answers are not checked
    Path packs = Files.createDirectories(dir.resolve("unchecked/packs"));
    Files.writeString(packs.resolve("mask.policy"), """
        pack "mask" version "1.0.0"
        rule "mask-ssn" {
          when prompt contains SSN
          then redact SSN using mask
        }
        """);
    unchecked = TestGateway.start(dir.resolve("unchecked"), TestGateway.config(packs.toString(), ""), mock);
  }

  @AfterAll
  static void stop() {
    basic.close();
    shipped.close();
    unchecked.close();
    mock.close();
  }

  @AfterEach
  void resetMock() {
    mock.toolArguments("{\"city\":\"Paris\"}").sendLogprobs(false);
  }

  static final String SEND_EMAIL = """
      {"model": "tool-us", "messages": [{"role": "user", "content": "email jane.doe@acme.com the report"}],
       "tools": [{"type": "function", "function": {"name": "send_email",
         "parameters": {"type": "object", "properties": {"to": {"type": "string"}}}}}]}
      """;

  static JsonNode arguments(HttpResponse<String> r) throws Exception {
    JsonNode call = JSON.readTree(r.body()).at("/choices/0/message/tool_calls/0/function");
    return JSON.readTree(call.path("arguments").asText());
  }

  @Test
  void pseudonymsInToolArgumentsAreRestoredForTheCaller() throws Exception {
    mock.toolArguments("{\"to\":\"<EMAIL_1>\",\"body\":\"Dear {{user}}\"}");
    HttpResponse<String> r = shipped.post("/v1/chat/completions", TestGateway.KEY, SEND_EMAIL);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("email <EMAIL_1> the report", mock.received("tool").at("/messages/0/content").asText(),
        "the model saw the pseudonym");
    JsonNode args = arguments(r);
    assertEquals("jane.doe@acme.com", args.path("to").asText(), r.body());
    assertEquals("Dear email jane.doe@acme.com the report", args.path("body").asText(), r.body());
  }

  @Test
  void pseudonymsInToolUseInputAreRestoredOnTheAnthropicApi() throws Exception {
    mock.toolArguments("{\"to\":\"<EMAIL_1>\"}");
    HttpResponse<String> r = shipped.post("/v1/messages", TestGateway.KEY, """
        {"model": "tool-us", "max_tokens": 100,
         "messages": [{"role": "user", "content": "email jane.doe@acme.com the report"}],
         "tools": [{"name": "send_email", "input_schema": {"type": "object"}}]}
        """);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode use = JSON.readTree(r.body()).path("content").path(0);
    assertEquals("tool_use", use.path("type").asText(), r.body());
    assertEquals("jane.doe@acme.com", use.at("/input/to").asText(), r.body());
  }

  @Test
  void theResponseRulesRedactAndBlockOnToolArguments() throws Exception {
    mock.toolArguments("{\"note\":\"SSN 536-22-8145\",\"n\":1}");
    HttpResponse<String> r = basic.post("/v1/chat/completions", TestGateway.KEY,
        ChatApiTest.WITH_TOOLS.formatted(""));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(JSON.readTree("{\"note\":\"SSN ***********\",\"n\":1}"), arguments(r));

    mock.toolArguments("{\"note\":\"a forbidden-word\"}");
    HttpResponse<String> blocked = basic.post("/v1/chat/completions", TestGateway.KEY,
        ChatApiTest.WITH_TOOLS.formatted(""));
    assertEquals(403, blocked.statusCode(), blocked.body());
    assertEquals("basic/withhold-forbidden-answers", JSON.readTree(blocked.body()).at("/error/code").asText());
    assertFalse(blocked.body().contains("forbidden-word"));
  }

  @Test
  void severalAnswersAreRefusedBeforeTheModelIsCalled() throws Exception {
    for (String stream : List.of("", "\"stream\": true,")) {
      int before = mock.calls("parrot");
      HttpResponse<String> r = basic.post("/v1/chat/completions", TestGateway.KEY,
          "{\"model\": \"small-us\", \"n\": 2, " + stream + " \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
      assertEquals(400, r.statusCode(), r.body());
      JsonNode err = JSON.readTree(r.body()).path("error");
      assertEquals("invalid_request_error", err.path("type").asText());
      assertTrue(err.path("message").asText().contains("one answer per request"), r.body());
      assertEquals(before, mock.calls("parrot"));
    }
  }

  @Test
  void audioOutputIsRefused() throws Exception {
    HttpResponse<String> r = basic.post("/v1/chat/completions", TestGateway.KEY, """
        {"model": "small-us", "modalities": ["text", "audio"], "audio": {"voice": "alloy", "format": "wav"},
         "messages": [{"role": "user", "content": "say my SSN 536-22-8145"}]}
        """);
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(JSON.readTree(r.body()).at("/error/message").asText().startsWith("Audio output is not accepted"));
  }

  @Test
  void logprobsAreNotAskedForNorReturnedAndTheCallerIsTold() throws Exception {
    HttpResponse<String> r = basic.post("/v1/chat/completions", TestGateway.KEY, """
        {"model": "small-us", "logprobs": true, "top_logprobs": 2,
         "messages": [{"role": "user", "content": "My SSN is 536-22-8145"}]}
        """);
    assertEquals(200, r.statusCode(), r.body());
    assertFalse(mock.received("parrot").has("logprobs"), mock.received("parrot").toString());
    assertFalse(mock.received("parrot").has("top_logprobs"));
    assertFalse(JSON.readTree(r.body()).at("/choices/0").has("logprobs"), r.body());
    assertEquals(List.of(UncheckedOutputs.LOGPROBS_WARNING), r.headers().allValues("x-warden-warning"));

    // streamed: not asked of the model either, and the caller is told in the stream's headers
    HttpResponse<String> streamed = basic.post("/v1/chat/completions", TestGateway.KEY, """
        {"model": "small-us", "stream": true, "logprobs": true,
         "messages": [{"role": "user", "content": "My SSN is 536-22-8145"}]}
        """);
    assertEquals(200, streamed.statusCode(), streamed.body());
    assertFalse(mock.received("parrot").has("logprobs"), mock.received("parrot").toString());
    assertEquals(List.of(UncheckedOutputs.LOGPROBS_WARNING), streamed.headers().allValues("x-warden-warning"));

    // a model that sends them unasked: removed all the same, and the SSN is not in the body
    mock.sendLogprobs(true);
    HttpResponse<String> unasked = basic.post("/v1/chat/completions", TestGateway.KEY,
        TestGateway.chat("premium-us", "hello"));
    assertEquals(200, unasked.statusCode(), unasked.body());
    assertFalse(JSON.readTree(unasked.body()).at("/choices/0").has("logprobs"), unasked.body());
    assertTrue(unasked.headers().allValues("x-warden-warning").contains(UncheckedOutputs.LOGPROBS_WARNING));
  }

  @Test
  void answersThatAreNotCheckedKeepTheirChoicesAndLogprobs() throws Exception {
    HttpResponse<String> r = unchecked.post("/v1/chat/completions", TestGateway.KEY, """
        {"model": "small-us", "n": 2, "logprobs": true, "messages": [{"role": "user", "content": "hi"}]}
        """);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode choices = JSON.readTree(r.body()).path("choices");
    assertEquals(2, choices.size(), r.body());
    assertTrue(choices.path(1).has("logprobs"), r.body());
    assertTrue(r.headers().allValues("x-warden-warning").isEmpty());
  }
}
