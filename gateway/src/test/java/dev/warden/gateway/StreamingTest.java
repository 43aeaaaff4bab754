package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.warden.gateway.testing.AnthropicMockUpstream;
import dev.warden.gateway.testing.MockUpstream;
import dev.warden.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams checked on their way to the caller, over a real socket: entities that only become
 * recognisable after many characters (a JWT, a PEM private key, an API key) are redacted whole
 * with the text after them intact, what was streamed always equals the answer the same rules
 * give without streaming, tool-call arguments are checked and get their pseudonyms back, a
 * stream fails over while nothing was sent, and the served model and response warnings reach
 * the caller.
 */
@Timeout(120)
class StreamingTest {
  static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbmUgRXhhbXBsZSIs"
      + "ImVtYWlsIjoiamFuZS5leGFtcGxlQGFjbWUtY29ycC5jb20iLCJyb2xlIjoiYWRtaW4iLCJpYXQiOjE1MTYyMzkwMjIsImV4cCI6MTkxNjIzOTAy"
      + "Mn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
  static MockUpstream mock;
  static AnthropicMockUpstream claude;
  static TestGateway gw;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    mock = MockUpstream.start();
    claude = AnthropicMockUpstream.start();
    String models = """
          - {name: claude-overloaded, provider: claude, upstream: overload, region: us, tier: small, input_price: 1, output_price: 5, context: 8000, fallbacks: [small-us]}
        """;
    String packs = TestGateway.testPacks() + ", " + Path.of("src/test/resources/stream-packs").toAbsolutePath();
    String yaml = TestGateway.config(packs, models).replace("providers:\n",
        "providers:\n  claude: {type: anthropic, base_url: \"" + claude.baseUrl()
            + "\", api_key: sk-ant-upstream, timeout_ms: 3000, retries: 0}\n");
    gw = TestGateway.start(dir, yaml, mock);
  }

  @AfterAll
  static void stop() {
    gw.close();
    claude.close();
    mock.close();
  }

  static HttpResponse<String> stream(String model, String user) {
    return gw.post("/v1/chat/completions", TestGateway.KEY, "{\"model\":\"" + model + "\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":" + TestGateway.quote(user) + "}]}");
  }

  static String streamedText(HttpResponse<String> r) throws Exception {
    StringBuilder text = new StringBuilder();
    for (JsonNode e : ChatApiTest.events(r.body())) {
      text.append(e.path("choices").path(0).path("delta").path("content").asText(""));
    }
    return text.toString();
  }

  /** The fixed answer streamed in chunks of {@code chunk} characters, and the same answer not streamed. */
  static void assertStreamedAsAnswered(String answer, int chunk, String expected) throws Exception {
    mock.answer(answer).chunkSize(chunk);
    HttpResponse<String> whole = gw.post("/v1/chat/completions", TestGateway.KEY,
        TestGateway.chat("premium-us", "Go on"));
    assertEquals(200, whole.statusCode(), whole.body());
    assertEquals(expected, ChatApiTest.answer(whole));
    HttpResponse<String> r = stream("premium-us", "Go on");
    assertEquals(200, r.statusCode(), r.body());
    assertFalse(r.body().contains("\"error\""), r.body());
    assertEquals(expected, streamedText(r), r.body());
    assertTrue(r.body().trim().endsWith("data: [DONE]"));
  }

  @Test
  void aJwtStreamedInSmallChunksIsRedactedWholeAndTheTextAfterItArrives() throws Exception {
    String before = "Sure. Here is the session token you asked for, copied from the log file: ";
    String after = " -- keep it safe and rotate it after use; it expires next year. Anything else I can help with today?";
    assertStreamedAsAnswered(before + JWT + after, 8, before + "[JWT]" + after);
  }

  @Test
  void aPemPrivateKeyStreamedInSmallChunksIsRedactedWhole() throws Exception {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    StringBuilder body = new StringBuilder("MIIEow");
    for (int i = 0; i < 12 * 64; i++) {
      body.append(alphabet.charAt((i * 37 + i / 64) % 64));
      if (body.length() % 65 == 64) {
        body.append('\n');
      }
    }
    body.append("IDAQAB\n");
    String key = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "-----END RSA PRIVATE KEY-----";
    String before = "Here is the deploy key from the old server, as you asked:\n";
    String after = "\nInstall it with chmod 600 and remove it from the shared drive afterwards.";
    mock.answer(before + key + after).chunkSize(5);
    HttpResponse<String> r = stream("premium-us", "Go on");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(before + "[PRIVATE_KEY]" + after, streamedText(r), r.body());
    assertFalse(r.body().contains("MIIEow"), r.body());
  }

  @Test
  void anApiKeyStreamedAFewCharactersAtATimeIsRedacted() throws Exception {
    String before = "The integration failed because the configuration still holds the production key ";
    String after = " which was revoked yesterday. Generate a new one in the dashboard and update the secret store.";
    // as long as today's project keys: longer than the plain hold-back
    String key = "sk-proj-" + "Tq3vX9mZ2kLp8RwYb5NcHd7JfG4sA6eU1oPiQ0tVxWyZ".repeat(3) + "Rk2mWq8Zt5Lp";
    assertStreamedAsAnswered(before + key + after, 3, before + "[API_KEY]" + after);
  }

  @Test
  void aLongStreamIsCheckedWholeAndArrivesComplete() throws Exception {
    String part = "Paragraph %d: the claim for SSN 536-22-8145 was reviewed on Tuesday and the token %s was rotated. ";
    StringBuilder answer = new StringBuilder();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; answer.length() < 64 * 1024; i++) {
      answer.append(part.formatted(i, JWT));
      expected.append(part.formatted(i, "[JWT]").replace("536-22-8145", "***********"));
    }
    assertStreamedAsAnswered(answer.toString(), 16, expected.toString());
    HttpResponse<String> r = stream("premium-us", "Go on");
    long contentChunks = ChatApiTest.events(r.body()).stream()
        .filter(e -> e.path("choices").path(0).path("delta").has("content")).count();
    assertTrue(contentChunks > 10, "still a progressive stream: " + contentChunks + " content chunks");
  }

  @Test
  void toolCallArgumentsAreCheckedAndGetTheirPseudonymsBack() throws Exception {
    // the model received the caller's email as <EMAIL_1> and puts it, and an SSN, in the arguments
    mock.toolArguments("{\"to\":\"<EMAIL_1>\",\"note\":\"SSN 536-22-8145 on file\"}").chunkSize(4);
    try {
      HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.KEY, "{\"model\":\"tool-us\",\"stream\":true,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Mail ann.lee@example.org about the claim\"}],"
          + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"send_mail\",\"parameters\":{\"type\":\"object\"}}}]}");
      assertEquals(200, r.statusCode(), r.body());
      StringBuilder args = new StringBuilder();
      String name = "";
      for (JsonNode e : ChatApiTest.events(r.body())) {
        for (JsonNode call : e.path("choices").path(0).path("delta").path("tool_calls")) {
          args.append(call.path("function").path("arguments").asText(""));
          name = call.path("function").path("name").asText(name);
        }
      }
      assertEquals("send_mail", name);
      assertEquals("{\"to\":\"ann.lee@example.org\",\"note\":\"SSN *********** on file\"}", args.toString(), r.body());
      assertFalse(r.body().contains("8145"), r.body());
    } finally {
      mock.toolArguments("{\"city\":\"Paris\"}");
    }
  }

  @Test
  void aStreamedRefusalIsCheckedBeforeItIsSent() throws Exception {
    mock.answer("I cannot share the SSN 536-22-8145 or write to <EMAIL_1>.").chunkSize(3);
    try {
      HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.KEY, "{\"model\":\"refusal-us\",\"stream\":true,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Mail ann.lee@example.org the SSN\"}]}");
      assertEquals(200, r.statusCode(), r.body());
      StringBuilder refusal = new StringBuilder();
      for (JsonNode e : ChatApiTest.events(r.body())) {
        refusal.append(e.path("choices").path(0).path("delta").path("refusal").asText(""));
      }
      assertEquals("I cannot share the SSN *********** or write to ann.lee@example.org.", refusal.toString(), r.body());
      assertFalse(r.body().contains("8145"), r.body());
    } finally {
      mock.answer("Hello from the mock upstream.");
    }
  }

  @Test
  void aLegacyFunctionCallIsCheckedAndGetsItsPseudonymsBack() throws Exception {
    mock.toolArguments("{\"to\":\"<EMAIL_1>\",\"note\":\"SSN 536-22-8145 on file\"}").chunkSize(5);
    try {
      HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.KEY, "{\"model\":\"legacy-fn-us\",\"stream\":true,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Mail ann.lee@example.org about the claim\"}]}");
      assertEquals(200, r.statusCode(), r.body());
      StringBuilder args = new StringBuilder();
      String name = "";
      for (JsonNode e : ChatApiTest.events(r.body())) {
        JsonNode f = e.path("choices").path(0).path("delta").path("function_call");
        args.append(f.path("arguments").asText(""));
        name = f.path("name").asText(name);
      }
      assertEquals("send_mail", name);
      assertEquals("{\"to\":\"ann.lee@example.org\",\"note\":\"SSN *********** on file\"}", args.toString(), r.body());
      assertFalse(r.body().contains("8145"), r.body());
    } finally {
      mock.toolArguments("{\"city\":\"Paris\"}");
    }
  }

  @Test
  void anOverloadedAnthropicStreamFailsOverWhenNothingWasSentYet() throws Exception {
    // message_start, part of the text (held back), then an overloaded_error event
    int before = claude.calls("overload");
    HttpResponse<String> r = stream("claude-overloaded", "Hello there");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("small-us", r.headers().firstValue("x-warden-model").orElseThrow());
    assertEquals("Hello there", streamedText(r), r.body());
    assertEquals(before + 1, claude.calls("overload"));
    assertFalse(r.body().contains("Anthropic mock"), "nothing of the failed attempt: " + r.body());
  }

  @Test
  void aStreamSaysWhichModelServedIt() throws Exception {
    mock.answer("A plain answer.").chunkSize(4);
    HttpResponse<String> r = stream("premium-us", "Go on");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("premium-us", r.headers().firstValue("x-warden-model").orElseThrow());
    assertEquals(List.of("premium model: mind the cost"), r.headers().allValues("x-warden-warning"));
  }

  @Test
  void aResponseWarningFoundBeforeTheStreamStartsIsAHeader() throws Exception {
    // small-us answers with what it was sent
    HttpResponse<String> r = stream("small-us", "DRAFT: the figures below are not final.");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(List.of("the answer is marked as a draft"), r.headers().allValues("x-warden-warning"));
  }

  @Test
  void aRedactionThatChangesTextAlreadySentStopsTheStream() throws Exception {
    // the email is sent before the last words make the answer confidential, which redacts it
    String answer = "Write to ann.lee@example.org for details. " + "Plain words follow here. ".repeat(30)
        + "This answer is CONFIDENTIAL.";
    mock.answer(answer).chunkSize(16);
    HttpResponse<String> r = stream("premium-us", "Go on");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(streamedText(r).startsWith("Write to ann.lee@example.org"), r.body());
    assertFalse(r.body().contains("CONFIDENTIAL"), r.body());
    JsonNode last = ChatApiTest.events(r.body()).getLast();
    assertEquals("warden/stream-redaction-changed", last.path("error").path("code").asText(), r.body());
    assertTrue(r.body().trim().endsWith("data: [DONE]"));
  }

  static final String DRAFT_LATER = "A long and harmless answer. ".repeat(40) + "This part is a DRAFT still. "
      + "More words. ".repeat(20);

  @Test
  void aResponseWarningFoundLaterIsAnSseComment() throws Exception {
    String answer = DRAFT_LATER;
    mock.answer(answer).chunkSize(16);
    HttpResponse<String> r = stream("premium-us", "Go on");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(List.of("premium model: mind the cost"), r.headers().allValues("x-warden-warning"));
    assertTrue(r.body().contains("\n: x-warden-warning the answer is marked as a draft\n\n"), r.body());
    assertEquals(answer, streamedText(r));
  }

  @Test
  void theOfficialSdksReadAStreamWithAWarningComment() throws Exception {
    mock.answer(DRAFT_LATER).chunkSize(16);
    OpenAIClient openai = OpenAIOkHttpClient.builder().baseUrl(gw.baseUrl() + "/v1").apiKey(TestGateway.KEY)
        .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
    try {
      StringBuilder text = new StringBuilder();
      var params = ChatCompletionCreateParams.builder().model("premium-us").addUserMessage("Go on").build();
      try (var stream = openai.chat().completions().createStreaming(params)) {
        stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
      }
      assertEquals(DRAFT_LATER, text.toString());
    } finally {
      openai.close();
    }
    AnthropicClient anthropic = AnthropicOkHttpClient.builder().baseUrl(gw.baseUrl()).apiKey(TestGateway.KEY)
        .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
    try {
      var params = MessageCreateParams.builder().model("premium-us").maxTokens(2000).addUserMessage("Go on").build();
      MessageAccumulator acc = MessageAccumulator.create();
      try (var stream = anthropic.messages().createStreaming(params)) {
        stream.stream().forEach(acc::accumulate);
      }
      String text = acc.message().content().stream().flatMap(b -> b.text().stream()).map(t -> t.text())
          .collect(Collectors.joining());
      assertEquals(DRAFT_LATER, text);
    } finally {
      anthropic.close();
    }
  }
}
