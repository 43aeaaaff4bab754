package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageContentParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.testing.AnthropicMockUpstream;
import dev.warden.gateway.testing.MockUpstream;
import dev.warden.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with an Anthropic upstream (provider type {@code anthropic}, a mock Anthropic API
 * on loopback): called through the OpenAI endpoint, streaming and not, with failover; and
 * through the Anthropic endpoint with the Anthropic SDK, tool use included.
 */
@Timeout(60)
class AnthropicUpstreamTest {
  static MockUpstream openAiMock;
  static AnthropicMockUpstream claude;
  static TestGateway gw;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    openAiMock = MockUpstream.start();
    claude = AnthropicMockUpstream.start();
    String models = """
          - {name: claude-us, provider: claude, upstream: parrot, region: us, tier: small, input_price: 1, output_price: 5, context: 8000}
          - {name: claude-fixed, provider: claude, upstream: fixed, region: us, tier: small, input_price: 1, output_price: 5, context: 8000}
          - {name: claude-tool, provider: claude, upstream: tool, region: us, tier: small, input_price: 1, output_price: 5, context: 8000}
          - {name: claude-busy, provider: claude, upstream: fail-529, region: us, tier: small, input_price: 1, output_price: 5, context: 8000, fallbacks: [claude-us]}
        """;
    String yaml = TestGateway.config(TestGateway.testPacks(), models).replace("providers:\n",
        "providers:\n  claude: {type: anthropic, base_url: \"" + claude.baseUrl()
            + "\", api_key: sk-ant-upstream, timeout_ms: 3000, retries: 0}\n");
    gw = TestGateway.start(dir, yaml, openAiMock);
  }

  @AfterAll
  static void stop() {
    gw.close();
    claude.close();
    openAiMock.close();
  }

  @Test
  void theOpenAiEndpointIsServedByClaudeWithTheRedactedPrompt() throws Exception {
    HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.KEY,
        "{\"model\": \"claude-us\", \"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"},"
            + " {\"role\": \"user\", \"content\": \"My SSN is 536-22-8145, mail me at ann.lee@example.org\"}]}");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode body = ChatApiTest.json(r);
    assertEquals("My SSN is ***********, mail me at ann.lee@example.org",
        body.path("choices").path(0).path("message").path("content").asText());
    assertEquals("claude-us", body.path("model").asText());
    assertEquals("claude-us", r.headers().firstValue("x-warden-model").orElseThrow());
    assertEquals(13, body.path("usage").path("prompt_tokens").asInt());
    JsonNode sent = claude.lastRequest();
    assertEquals("Be brief.", sent.path("system").asText());
    String prompt = sent.path("messages").path(0).path("content").path(0).path("text").asText();
    assertFalse(prompt.contains("536-22-8145") || prompt.contains("ann.lee@example.org"), prompt);
    assertEquals("sk-ant-upstream", claude.lastHeader("x-api-key"));
  }

  @Test
  void aStreamFromClaudeIsCheckedAndStreamedInOpenAiFormat() throws Exception {
    claude.answer("Sure. The number on file is 536-22-8145, as you asked. Anything else?").chunkSize(5);
    HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.KEY,
        "{\"model\": \"claude-fixed\", \"stream\": true, \"stream_options\": {\"include_usage\": true},"
            + " \"messages\": [{\"role\": \"user\", \"content\": \"What is on file?\"}]}");
    assertEquals(200, r.statusCode(), r.body());
    List<JsonNode> events = ChatApiTest.events(r.body());
    StringBuilder text = new StringBuilder();
    events.forEach(e -> text.append(e.path("choices").path(0).path("delta").path("content").asText("")));
    assertEquals("Sure. The number on file is ***********, as you asked. Anything else?", text.toString());
    assertFalse(r.body().contains("8145"));
    assertEquals(13, events.getLast().path("usage").path("prompt_tokens").asInt(), "Claude's usage, translated");
    assertTrue(r.body().trim().endsWith("data: [DONE]"));
  }

  @Test
  void anOverloadedClaudeFailsOverToTheFallback() throws Exception {
    int busy = claude.calls("fail-529");
    HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("claude-busy", "Hello"));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("claude-us", r.headers().firstValue("x-warden-model").orElseThrow());
    assertEquals(busy + 1, claude.calls("fail-529"));
  }

  @Test
  void embeddingsOnAClaudeModelAreRefusedClearly() throws Exception {
    HttpResponse<String> r = gw.post("/v1/embeddings", TestGateway.KEY, "{\"model\": \"claude-us\", \"input\": \"x\"}");
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(ChatApiTest.json(r).path("error").path("message").asText().contains("is not an embedding model"), r.body());
  }

  static AnthropicClient sdk() {
    return AnthropicOkHttpClient.builder().baseUrl(gw.baseUrl()).apiKey(TestGateway.KEY).maxRetries(0)
        .timeout(Duration.ofSeconds(20)).build();
  }

  static final Tool LOOKUP = Tool.builder().name("lookup").description("Looks things up")
      .inputSchema(Tool.InputSchema.builder()
          .properties(Tool.InputSchema.Properties.builder()
              .putAdditionalProperty("query", JsonValue.from(Map.of("type", "string"))).build())
          .addRequired("query").build())
      .build();

  @Test
  void anthropicBothWaysWithToolUseAndItsResult() {
    AnthropicClient client = sdk();
    try {
      MessageCreateParams first = MessageCreateParams.builder().model("claude-tool").maxTokens(300)
          .addTool(LOOKUP).addUserMessage("Who wrote Dune?").build();
      Message m = client.messages().create(first);
      assertEquals(StopReason.TOOL_USE, m.stopReason().orElseThrow());
      ToolUseBlock use = m.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
      assertEquals("lookup", use.name());
      assertEquals(Map.of("query", "Who wrote Dune?"), use._input().convert(Map.class));
      assertEquals("lookup", claude.lastRequest().path("tools").path(0).path("name").asText(),
          "the tool reached Claude as an Anthropic tool again");

      Message second = client.messages().create(MessageCreateParams.builder().model("claude-us").maxTokens(300)
          .addTool(LOOKUP).addUserMessage("Who wrote Dune?").addMessage(m)
          .addUserMessage(MessageContentParam.ofContentBlockParams(List.of(
              ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId(use.id())
                  .content("Frank Herbert").build()),
              ContentBlockParam.ofText("Answer in one word.")))).build());
      assertEquals("Answer in one word.", MessagesApiTest.text(second));
      JsonNode turns = claude.lastRequest().path("messages");
      assertEquals(3, turns.size(), turns.toString());
      assertEquals("tool_use", turns.path(1).path("content").path(1).path("type").asText(), turns.toString());
      assertEquals(use.id(), turns.path(2).path("content").path(0).path("tool_use_id").asText(), turns.toString());
      assertEquals("Frank Herbert", turns.path(2).path("content").path(0).path("content").asText(), turns.toString());
    } finally {
      client.close();
    }
  }

  @Test
  void aStreamedToolCallReachesTheSdkWhole() {
    AnthropicClient client = sdk();
    try {
      MessageAccumulator acc = MessageAccumulator.create();
      try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(MessageCreateParams.builder()
          .model("claude-tool").maxTokens(300).addTool(LOOKUP).addUserMessage("Who wrote Dune?").build())) {
        s.stream().forEach(acc::accumulate);
      }
      Message m = acc.message();
      assertEquals(StopReason.TOOL_USE, m.stopReason().orElseThrow());
      assertEquals("Let me look.", MessagesApiTest.text(m));
      ToolUseBlock use = m.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
      assertEquals("lookup", use.name());
      assertEquals(Map.of("query", "Who wrote Dune?"), use._input().convert(Map.class));
    } finally {
      client.close();
    }
  }
}
