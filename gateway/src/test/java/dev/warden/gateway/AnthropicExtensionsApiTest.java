package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.ThinkingBlock;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.testing.AnthropicMockUpstream;
import dev.warden.gateway.testing.MockUpstream;
import dev.warden.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompt caching, extended thinking and top_k end to end: with the Anthropic SDK against a mock
 * Anthropic upstream, through a gateway whose rules check answers ({@code checked}: the test
 * packs) and one whose rules read prompts only ({@code open}); and against an OpenAI-compatible
 * upstream, which gets none of them.
 */
@Timeout(60)
class AnthropicExtensionsApiTest {
  static MockUpstream openAiMock;
  static AnthropicMockUpstream claude;
  static TestGateway checked;
  static TestGateway open;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    openAiMock = MockUpstream.start();
    claude = AnthropicMockUpstream.start();
    String models = """
          - {name: claude-thinking, provider: claude, upstream: thinking, region: us, tier: small, input_price: 1, output_price: 5, context: 200000}
        """;
    String claudeProvider = "providers:\n  claude: {type: anthropic, base_url: \"" + claude.baseUrl()
        + "\", api_key: sk-ant-upstream, timeout_ms: 3000, retries: 0}\n";
    checked = TestGateway.start(Files.createDirectory(dir.resolve("checked")),
        TestGateway.config(TestGateway.testPacks(), models).replace("providers:\n", claudeProvider), openAiMock);
    // request rules only, no pseudonyms: answers are not checked
    Path packs = Files.createDirectories(dir.resolve("open/packs"));
    Files.writeString(packs.resolve("mask.policy"), """
        pack "mask" version "1.0.0"
        rule "mask-ssn" {
          when prompt contains SSN
          then redact SSN using mask
        }
        """);
    open = TestGateway.start(dir.resolve("open"),
        TestGateway.config(packs.toString(), models).replace("providers:\n", claudeProvider), openAiMock);
  }

  @AfterAll
  static void stop() {
    checked.close();
    open.close();
    claude.close();
    openAiMock.close();
  }

  static JsonNode json(String text) {
    try {
      return ChatApiTest.JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static AnthropicClient sdk(TestGateway gw) {
    return AnthropicOkHttpClient.builder().baseUrl(gw.baseUrl()).apiKey(TestGateway.KEY).maxRetries(0)
        .timeout(Duration.ofSeconds(20)).build();
  }

  static final CacheControlEphemeral CACHE = CacheControlEphemeral.builder().build();

  /** A request with cache breakpoints on the system prompt and the tool, thinking on, top_k set. */
  static MessageCreateParams.Builder cachedThinking(String userText) {
    return MessageCreateParams.builder().model("claude-thinking").maxTokens(4096).enabledThinking(2048)
        .putAdditionalBodyProperty("top_k", JsonValue.from(5))
        .systemOfTextBlockParams(List.of(TextBlockParam.builder().text("You are a clerk.").cacheControl(CACHE).build()))
        .addTool(AnthropicUpstreamTest.LOOKUP.toBuilder().cacheControl(CACHE).build())
        .addUserMessage(userText);
  }

  static void assertClaudeGotTheExtensions() {
    JsonNode sent = claude.lastRequest();
    assertEquals(json("{\"type\": \"enabled\", \"budget_tokens\": 2048}"), sent.path("thinking"));
    assertEquals(5, sent.path("top_k").asInt(), sent.toString());
    assertEquals("ephemeral", sent.at("/system/0/cache_control/type").asText(), sent.toString());
    assertEquals("You are a clerk.", sent.at("/system/0/text").asText());
    assertEquals("ephemeral", sent.at("/tools/0/cache_control/type").asText(), sent.toString());
    assertEquals(4096, sent.path("max_tokens").asInt());
  }

  @Test
  void theSdkSendsCacheBreakpointsAndThinkingUnmodifiedAndReadsTheThinkingAndCacheUsageBack() {
    AnthropicClient client = sdk(open);
    try {
      Message m = client.messages().create(cachedThinking("Say hi").build());
      assertClaudeGotTheExtensions();
      ThinkingBlock thought = m.content().getFirst().thinking().orElseThrow();
      assertEquals(AnthropicMockUpstream.THOUGHT, thought.thinking());
      assertEquals(AnthropicMockUpstream.SIGNATURE, thought.signature());
      assertEquals("Say hi", MessagesApiTest.text(m));
      assertEquals(3L, m.usage().cacheReadInputTokens().orElseThrow());
      assertEquals(5L, m.usage().cacheCreationInputTokens().orElseThrow());
      assertEquals(10L, m.usage().inputTokens());

      // the next turn sends the thinking back, signature and all, as Anthropic requires
      client.messages().create(cachedThinking("Say hi").addMessage(m).addUserMessage("Again").build());
      JsonNode turn = claude.lastRequest().at("/messages/1");
      assertEquals("assistant", turn.path("role").asText());
      assertEquals(json("{\"type\": \"thinking\", \"thinking\": \"" + AnthropicMockUpstream.THOUGHT
          + "\", \"signature\": \"" + AnthropicMockUpstream.SIGNATURE + "\"}"), turn.at("/content/0"));
      assertEquals("Say hi", turn.at("/content/1/text").asText(), turn.toString());
    } finally {
      client.close();
    }
  }

  @Test
  void aStreamedThinkingBlockReachesTheSdkWholeWithItsSignature() {
    AnthropicClient client = sdk(open);
    try {
      MessageAccumulator acc = MessageAccumulator.create();
      try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(cachedThinking("Stream it").build())) {
        s.stream().forEach(acc::accumulate);
      }
      assertClaudeGotTheExtensions();
      assertTrue(claude.lastRequest().path("stream").asBoolean());
      Message m = acc.message();
      ThinkingBlock thought = m.content().getFirst().thinking().orElseThrow();
      assertEquals(AnthropicMockUpstream.THOUGHT, thought.thinking());
      assertEquals(AnthropicMockUpstream.SIGNATURE, thought.signature());
      assertEquals("Stream it", MessagesApiTest.text(m));
    } finally {
      client.close();
    }
  }

  @Test
  void aStreamsUsageCountsTheCacheReadsAndWrites() throws Exception {
    HttpResponse<String> r = open.post("/v1/messages", TestGateway.KEY, """
        {"model": "claude-thinking", "max_tokens": 4096, "stream": true,
         "thinking": {"type": "enabled", "budget_tokens": 2048},
         "messages": [{"role": "user", "content": "Count"}]}""");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("\"type\":\"signature_delta\""), r.body());
    JsonNode delta = ChatApiTest.events(r.body()).stream()
        .filter(e -> e.path("type").asText().equals("message_delta")).findFirst().orElseThrow();
    assertEquals(json("""
        {"input_tokens": 10, "output_tokens": 1, "cache_read_input_tokens": 3, "cache_creation_input_tokens": 5}"""),
        delta.path("usage"));
  }

  static final String THINK = """
      {"model": "claude-thinking", "max_tokens": 4096, "thinking": {"type": "enabled", "budget_tokens": 2048},
       "messages": [{"role": "user", "content": "What is on file?"}]}""";

  static final String THINK_STREAM = THINK.replace("\"max_tokens\": 4096,", "\"max_tokens\": 4096, \"stream\": true,");

  static boolean warnedThinkingWithheld(HttpResponse<String> r) {
    return r.headers().allValues("x-warden-warning").stream().anyMatch(w -> w.startsWith("thinking withheld"));
  }

  @Test
  void whenAnswersAreCheckedThinkingTheRulesLeaveUnchangedReachesTheClientSigned() throws Exception {
    HttpResponse<String> r = checked.post("/v1/messages", TestGateway.KEY, THINK);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode m = ChatApiTest.json(r);
    assertEquals(json("{\"type\": \"thinking\", \"thinking\": \"" + AnthropicMockUpstream.THOUGHT
        + "\", \"signature\": \"" + AnthropicMockUpstream.SIGNATURE + "\"}"), m.at("/content/0"));
    assertFalse(warnedThinkingWithheld(r), r.headers().map().toString());

    AnthropicClient client = sdk(checked);
    try {
      MessageAccumulator acc = MessageAccumulator.create();
      try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(cachedThinking("Stream it").build())) {
        s.stream().forEach(acc::accumulate);
      }
      ThinkingBlock thought = acc.message().content().getFirst().thinking().orElseThrow();
      assertEquals(AnthropicMockUpstream.THOUGHT, thought.thinking(), "released whole once checked");
      assertEquals(AnthropicMockUpstream.SIGNATURE, thought.signature());
      assertEquals("Stream it", MessagesApiTest.text(acc.message()));
    } finally {
      client.close();
    }
  }

  @Test
  void whenTheRulesWouldRedactTheThinkingItIsWithheldWithAWarning() throws Exception {
    claude.thought("The SSN on file is 536-22-8145, I should mask it.");
    try {
      HttpResponse<String> r = checked.post("/v1/messages", TestGateway.KEY, THINK);
      assertEquals(200, r.statusCode(), r.body());
      JsonNode m = ChatApiTest.json(r);
      assertEquals(1, m.path("content").size(), m.toString());
      assertEquals("What is on file?", m.at("/content/0/text").asText());
      assertFalse(r.body().contains("8145") || r.body().contains("I should mask"), r.body());
      assertTrue(warnedThinkingWithheld(r), r.headers().map().toString());
      assertEquals("enabled", claude.lastRequest().at("/thinking/type").asText(), "the model still thought");

      HttpResponse<String> s = checked.post("/v1/messages", TestGateway.KEY, THINK_STREAM);
      assertEquals(200, s.statusCode(), s.body());
      assertFalse(s.body().contains("\"type\":\"thinking") || s.body().contains("thinking_delta")
          || s.body().contains("signature") || s.body().contains("8145"), s.body());
      assertTrue(s.body().contains("\"text\":\"What is on file?\""), s.body());
      assertTrue(warnedThinkingWithheld(s), s.headers().map().toString());

      // unchecked, the same thinking goes through as it came
      HttpResponse<String> u = open.post("/v1/messages", TestGateway.KEY, THINK);
      assertTrue(u.body().contains("536-22-8145, I should mask it."), u.body());
    } finally {
      claude.thought(AnthropicMockUpstream.THOUGHT);
    }
  }

  @Test
  void anOpenAiCompatibleUpstreamGetsNoneOfItAndTheCallerIsTold() throws Exception {
    openAiMock.cachedTokens(4);
    try {
      HttpResponse<String> r = open.post("/v1/messages", TestGateway.KEY, """
          {"model": "small-us", "max_tokens": 4096, "top_k": 5, "thinking": {"type": "enabled", "budget_tokens": 2048},
           "system": [{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}],
           "messages": [{"role": "user", "content": [{"type": "text", "text": "Hello there",
                                                      "cache_control": {"type": "ephemeral"}}]}]}""");
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(List.of("top_k and thinking not applied: the model that served this request is not an Anthropic model"),
          r.headers().allValues("x-warden-warning"));
      JsonNode sent = openAiMock.received("parrot");
      assertFalse(sent.has("top_k") || sent.has("thinking") || sent.toString().contains("cache_control"), sent.toString());
      JsonNode usage = ChatApiTest.json(r).path("usage");
      assertEquals(4, usage.path("cache_read_input_tokens").asInt(), usage.toString());
      assertEquals(6, usage.path("input_tokens").asInt(), "the mock's 10 prompt tokens less the 4 cached");
    } finally {
      openAiMock.cachedTokens(0);
    }
  }

  @Test
  void anOpenAiClientsOptionsStillReachAnOpenAiCompatibleUpstream() throws Exception {
    HttpResponse<String> r = open.post("/v1/chat/completions", TestGateway.KEY, """
        {"model": "small-us", "top_k": 5, "messages": [{"role": "user", "content": "Hello"}]}""");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(5, openAiMock.received("parrot").path("top_k").asInt(), "vLLM and others take top_k");
    assertTrue(r.headers().allValues("x-warden-warning").isEmpty(), r.headers().map().toString());
  }

  @Test
  void anOpenAiClientSeesClaudesCacheReadsAsCachedTokens() throws Exception {
    HttpResponse<String> r = open.post("/v1/chat/completions", TestGateway.KEY, """
        {"model": "claude-thinking", "messages": [{"role": "user", "content": "Hello"}]}""");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode usage = ChatApiTest.json(r).path("usage");
    assertEquals(18, usage.path("prompt_tokens").asInt(), "input, cache reads and cache writes: " + usage);
    assertEquals(3, usage.at("/prompt_tokens_details/cached_tokens").asInt(), usage.toString());
  }

  @Test
  void malformedThinkingIsA400InAnthropicsFormat() throws Exception {
    HttpResponse<String> r = open.post("/v1/messages", TestGateway.KEY, """
        {"model": "claude-thinking", "max_tokens": 4096, "thinking": {"type": "enabled", "budget_tokens": 512},
         "messages": [{"role": "user", "content": "Hello"}]}""");
    assertEquals(400, r.statusCode(), r.body());
    JsonNode e = ChatApiTest.json(r);
    assertEquals("error", e.path("type").asText());
    assertEquals("invalid_request_error", e.at("/error/type").asText());
    assertTrue(e.at("/error/message").asText().contains("at least 1024"), r.body());
  }
}
