package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.testing.MockUpstream;
import dev.warden.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request's texts besides message content, over a real socket: the arguments of earlier
 * tool calls (OpenAI {@code tool_calls}, Anthropic {@code tool_use}), predicted output and tool
 * descriptions are decided on by the request rules and reach the model redacted, the arguments
 * still valid JSON. With the test pack and with the shipped pii-baseline and secrets packs.
 */
@Timeout(60)
class ToolTextsApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static MockUpstream mock;
  static TestGateway basic;
  static TestGateway shipped;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    mock = MockUpstream.start();
    basic = TestGateway.start(Files.createDirectory(dir.resolve("basic")),
        TestGateway.config(TestGateway.testPacks(), ""), mock);
    shipped = TestGateway.start(Files.createDirectory(dir.resolve("shipped")),
        TestGateway.config(pack("pii-baseline") + ", " + pack("secrets"), ""), mock);
  }

  static String pack(String name) {
    return Path.of("../rule-packs", name).toAbsolutePath().normalize().toString();
  }

  @AfterAll
  static void stop() {
    basic.close();
    shipped.close();
    mock.close();
  }

  /** The reviewer's example: a tool call in the history whose arguments carry an SSN and {@code extra}. */
  static String history(String model, String extra) {
    String args = "{\"ssn\":\"536-22-8145\"" + extra + "}";
    return """
        {"model": "%s", "messages": [
          {"role": "user", "content": "go on"},
          {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function",
            "function": {"name": "save", "arguments": %s}}]},
          {"role": "tool", "tool_call_id": "c1", "content": "ok"}]}
        """.formatted(model, TestGateway.quote(args));
  }

  /** The arguments of the first tool call the mock received for this upstream model, read as JSON. */
  static JsonNode receivedArguments(String upstream) throws Exception {
    JsonNode body = mock.received(upstream);
    String raw = body.at("/messages/1/tool_calls/0/function/arguments").asText();
    return JSON.readTree(raw);
  }

  @Test
  void anSsnInToolCallArgumentsReachesTheModelMaskedInValidJson() throws Exception {
    HttpResponse<String> r = basic.post("/v1/chat/completions", TestGateway.KEY, history("small-us", ""));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(JSON.readTree("{\"ssn\":\"***********\"}"), receivedArguments("parrot"));
    assertFalse(mock.received("parrot").toString().contains("536-22-8145"));
  }

  @Test
  void theShippedPacksMaskTheSsnAndBlockAnApiKeyInToolArguments() throws Exception {
    HttpResponse<String> masked = shipped.post("/v1/chat/completions", TestGateway.KEY,
        history("small-us", ",\"note\":\"for jane.doe@acme.com\""));
    assertEquals(200, masked.statusCode(), masked.body());
    JsonNode args = receivedArguments("parrot");
    assertFalse(args.path("ssn").asText().contains("536-22-8145"), args.toString());
    assertEquals("for <EMAIL_1>", args.path("note").asText(), args.toString());

    int before = mock.calls("parrot");
    HttpResponse<String> blocked = shipped.post("/v1/chat/completions", TestGateway.KEY,
        history("small-us", ",\"k\":\"AKIA4HKQ2Z7RXWPLM3QD\""));
    assertEquals(403, blocked.statusCode(), blocked.body());
    assertEquals("secrets/block-api-keys", JSON.readTree(blocked.body()).at("/error/code").asText());
    assertEquals(before, mock.calls("parrot"), "the model was not called");
  }

  @Test
  void aCredentialInToolArgumentsIsRefusedByTheRequestRules() throws Exception {
    HttpResponse<String> r = basic.post("/v1/chat/completions", TestGateway.KEY,
        history("small-us", ",\"cfg\":\"password=Zq8#kLp2!vX9\""));
    assertEquals(422, r.statusCode(), r.body());
    assertEquals("basic/no-secrets", JSON.readTree(r.body()).at("/error/code").asText());
  }

  @Test
  void predictedOutputAndToolDescriptionsAreRedactedToo() throws Exception {
    HttpResponse<String> r = basic.post("/v1/chat/completions", TestGateway.KEY, """
        {"model": "small-us", "messages": [{"role": "user", "content": "fix the form"}],
         "prediction": {"type": "content", "content": "SSN: 536-22-8145"},
         "tools": [{"type": "function", "function": {"name": "lookup", "description": "Looks up 536-22-8145",
           "parameters": {"type": "object", "properties": {"q": {"type": "string", "description": "e.g. 536-22-8145"}}}}}]}
        """);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode got = mock.received("parrot");
    assertEquals("SSN: ***********", got.at("/prediction/content").asText());
    assertEquals("Looks up ***********", got.at("/tools/0/function/description").asText());
    assertEquals("e.g. ***********", got.at("/tools/0/function/parameters/properties/q/description").asText());
  }

  @Test
  void anthropicToolUseInputReachesTheModelRedactedAndToolResultsToo() throws Exception {
    HttpResponse<String> r = basic.post("/v1/messages", TestGateway.KEY, """
        {"model": "small-us", "max_tokens": 100, "messages": [
          {"role": "user", "content": "save it"},
          {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "save",
            "input": {"ssn": "536-22-8145", "n": 3}}]},
          {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "saved 536-22-8145"},
            {"type": "text", "text": "thanks"}]}]}
        """);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(JSON.readTree("{\"ssn\":\"***********\",\"n\":3}"), receivedArguments("parrot"));
    assertFalse(mock.received("parrot").toString().contains("536-22-8145"), mock.received("parrot").toString());
  }
}
