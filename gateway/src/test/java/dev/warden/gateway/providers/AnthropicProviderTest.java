package dev.warden.gateway.providers;

import static dev.warden.gateway.providers.AnthropicWireTest.json;
import static dev.warden.gateway.providers.AnthropicWireTest.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.text.TokenCounter;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.testing.AnthropicMockUpstream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Anthropic provider against a mock Anthropic API on loopback: translation, streams, failures. */
@Timeout(30)
class AnthropicProviderTest {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  static final Duration SHORT = Duration.ofMillis(400);
  static AnthropicMockUpstream mock;
  static AnthropicProvider provider;

  @BeforeAll
  static void start() {
    mock = AnthropicMockUpstream.start();
    provider = provider(mock.baseUrl());
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  static AnthropicProvider provider(String baseUrl) {
    return new AnthropicProvider("anthropic", baseUrl, "sk-ant-test", Map.of("anthropic-beta", "test-beta"),
        UpstreamHttp.create(Duration.ofSeconds(2)));
  }

  static ObjectNode chat(String model, String text) {
    ObjectNode body = obj("{\"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"}]}");
    body.put("model", model);
    body.withArray("messages").addObject().put("role", "user").put("content", text);
    return body;
  }

  List<ObjectNode> stream(String model, String text, Duration timeout) throws UpstreamException {
    List<ObjectNode> chunks = new ArrayList<>();
    provider.stream(chat(model, text), timeout, chunks::add);
    return chunks;
  }

  static String text(List<ObjectNode> chunks) {
    StringBuilder b = new StringBuilder();
    chunks.forEach(c -> b.append(c.path("choices").path(0).path("delta").path("content").asText("")));
    return b.toString();
  }

  @Test
  void aCompletionIsTranslatedBothWaysWithAnthropicsHeaders() throws Exception {
    ObjectNode c = provider.complete(chat("parrot", "Hello Claude"), TIMEOUT);
    assertEquals("Hello Claude", c.path("choices").path(0).path("message").path("content").asText());
    assertEquals("stop", c.path("choices").path(0).path("finish_reason").asText());
    assertEquals(13, c.path("usage").path("prompt_tokens").asInt(), "input plus cache reads");
    JsonNode sent = mock.lastRequest();
    assertEquals("Be brief.", sent.path("system").asText());
    assertEquals(AnthropicWire.DEFAULT_MAX_TOKENS, sent.path("max_tokens").asInt());
    assertFalse(sent.has("stream"));
    assertEquals("sk-ant-test", mock.lastHeader("x-api-key"));
    assertEquals("2023-06-01", mock.lastHeader("anthropic-version"));
    assertEquals("test-beta", mock.lastHeader("anthropic-beta"));
    assertNull(mock.lastHeader("authorization"), "Anthropic takes the key in x-api-key only");
  }

  @Test
  void aToolCallComesBackAsToolCalls() throws Exception {
    ObjectNode c = provider.complete(chat("tool", "cats"), TIMEOUT);
    JsonNode choice = c.path("choices").path(0);
    assertEquals("tool_calls", choice.path("finish_reason").asText());
    assertEquals("Let me look.", choice.path("message").path("content").asText());
    assertEquals("lookup", choice.path("message").path("tool_calls").path(0).path("function").path("name").asText());
    assertEquals(json("{\"query\": \"cats\"}"), json(choice.path("message").path("tool_calls").path(0).path("function")
        .path("arguments").asText()));
  }

  @Test
  void aStreamIsReadAsOpenAiChunksEndingWithUsage() throws Exception {
    mock.chunkSize(3);
    List<ObjectNode> chunks = stream("parrot", "Streams are fun", TIMEOUT);
    assertTrue(mock.lastRequest().path("stream").asBoolean());
    assertEquals("assistant", chunks.getFirst().path("choices").path(0).path("delta").path("role").asText());
    assertEquals("Streams are fun", text(chunks));
    assertEquals("stop", chunks.get(chunks.size() - 2).path("choices").path(0).path("finish_reason").asText());
    JsonNode usage = chunks.getLast().path("usage");
    assertEquals(13, usage.path("prompt_tokens").asInt());
    assertEquals(3, usage.path("completion_tokens").asInt());
  }

  @Test
  void aStreamedToolCallArrivesInPieces() throws Exception {
    List<ObjectNode> chunks = stream("tool", "dogs", TIMEOUT);
    StringBuilder args = new StringBuilder();
    String name = "";
    for (ObjectNode c : chunks) {
      for (JsonNode tc : c.path("choices").path(0).path("delta").path("tool_calls")) {
        name = tc.path("function").path("name").asText(name);
        args.append(tc.path("function").path("arguments").asText(""));
      }
    }
    assertEquals("lookup", name);
    assertEquals(json("{\"query\": \"dogs\"}"), json(args.toString()));
    assertEquals("tool_calls", chunks.get(chunks.size() - 2).path("choices").path(0).path("finish_reason").asText());
  }

  @Test
  void statusesAreRetryableOrNotAsAnthropicMeansThem() {
    for (String[] c : new String[][] {{"fail-429", "true"}, {"fail-529", "true"}, {"fail-500", "true"},
        {"fail-400", "false"}}) {
      UpstreamException e = assertThrows(UpstreamException.class, () -> provider.complete(chat(c[0], "x"), TIMEOUT));
      assertEquals(Integer.parseInt(c[0].substring(5)), e.status());
      assertEquals(Boolean.parseBoolean(c[1]), e.retryable(), c[0]);
      assertTrue(e.getMessage().contains("mock failure"), e.getMessage());
      assertFalse(e.getMessage().contains("sk-ant-test"));
    }
  }

  @Test
  void aSilentUpstreamTimesOut() {
    UpstreamException e = assertThrows(UpstreamException.class, () -> provider.complete(chat("hang", "x"), SHORT));
    assertTrue(e.timeout());
    assertTrue(e.retryable());
  }

  @Test
  void garbageIsA502() {
    UpstreamException e = assertThrows(UpstreamException.class, () -> provider.complete(chat("garbage", "x"), TIMEOUT));
    assertEquals(502, e.status());
    UpstreamException s = assertThrows(UpstreamException.class, () -> stream("garbage", "x", TIMEOUT));
    assertFalse(s.getMessage().isEmpty());
  }

  @Test
  void aStreamThatEndsWithoutMessageStopIsAnError() {
    List<ObjectNode> chunks = new ArrayList<>();
    UpstreamException e = assertThrows(UpstreamException.class,
        () -> provider.stream(chat("cut", "x"), TIMEOUT, chunks::add));
    assertTrue(e.getMessage().contains("before message_stop"), e.getMessage());
    assertFalse(chunks.isEmpty(), "what came before the cut was passed on");
  }

  @Test
  void aStreamThatStallsTimesOut() {
    long t0 = System.nanoTime();
    UpstreamException e = assertThrows(UpstreamException.class, () -> stream("stall", "x", SHORT));
    assertTrue(e.timeout(), e.getMessage());
    assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 10);
  }

  @Test
  void anOverloadedEventMidStreamIsA529() {
    UpstreamException e = assertThrows(UpstreamException.class, () -> stream("overload", "abcdefgh", TIMEOUT));
    assertEquals(529, e.status());
  }

  @Test
  void embeddingsAreA400ThatSaysWhy() {
    UpstreamException e = assertThrows(UpstreamException.class,
        () -> provider.embeddings(obj("{\"model\": \"m\", \"input\": \"x\"}"), TIMEOUT));
    assertEquals(400, e.status());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("no embeddings"), e.getMessage());
  }

  @Test
  void aBaseUrlWrittenTheOpenAiWayWorksToo() throws Exception {
    ObjectNode c = provider(mock.baseUrl() + "/v1/").complete(chat("fixed", "x"), TIMEOUT);
    assertEquals("Hello from the Anthropic mock.", c.path("choices").path(0).path("message").path("content").asText());
  }

  @Test
  void aRefusedConnectionIsARetryableNetworkError() {
    UpstreamException e = assertThrows(UpstreamException.class,
        () -> provider("http://127.0.0.1:9").complete(chat("parrot", "x"), TIMEOUT));
    assertEquals(0, e.status());
    assertTrue(e.retryable());
  }

  @Test
  void withoutAKeyItAnswersAsEchoOnlyWhenConfiguredSo() {
    GatewayConfig.ProviderConfig keyless = new GatewayConfig.ProviderConfig("claude", "anthropic",
        "https://api.anthropic.com", "", Map.of(), TIMEOUT, 0, true);
    GatewayConfig.ProviderConfig keyed = new GatewayConfig.ProviderConfig("claude", "anthropic",
        "https://api.anthropic.com", "sk-ant", Map.of(), TIMEOUT, 0, true);
    TokenCounter tokens = TokenCounter.cl100k();
    assertEquals("echo", Providers.of(Map.of("claude", keyless), tokens, AnthropicProvider::create).describe("claude"));
    assertTrue(Providers.of(Map.of("claude", keyed), tokens, AnthropicProvider::create).get("claude").orElseThrow()
        instanceof AnthropicProvider);
  }
}
