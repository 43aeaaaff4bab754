package dev.warden.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.text.TokenCounter;
import dev.warden.gateway.chat.OpenAiChat;
import dev.warden.gateway.config.GatewayConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The upstream HTTP client on the wire, against {@link ScriptedUpstream}: what is sent (path,
 * headers, body), keep-alive connections reused and not reused when they cannot be, answers in
 * chunks cut anywhere, streams, answers without a length, and upstreams that break off, trickle
 * or answer garbage.
 */
@Timeout(30)
class UpstreamHttpTest {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  static final String ANSWER = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\"},\"finish_reason\":\"stop\"}]}";

  ScriptedUpstream upstream;

  @AfterEach
  void stop() {
    if (upstream != null) {
      upstream.close();
    }
  }

  static OpenAiProvider provider(ScriptedUpstream upstream, Map<String, String> headers) {
    return new OpenAiProvider("up", upstream.baseUrl(), "sk-test", headers, UpstreamHttp.create(Duration.ofSeconds(2)));
  }

  static ObjectNode chat(String text) {
    ObjectNode body = OpenAiChat.JSON.createObjectNode().put("model", "m");
    body.putArray("messages").addObject().put("role", "user").put("content", text);
    return body;
  }

  static String content(ObjectNode completion) {
    return completion.path("choices").path(0).path("message").path("content").asText();
  }

  @Test
  void theRequestGoesToThePathWithOurHeadersAndTheConfiguredOnes() throws Exception {
    upstream = new ScriptedUpstream((r, out) -> {
      ScriptedUpstream.write(out, 200, "application/json", ANSWER);
      return true;
    });
    OpenAiProvider p = provider(upstream, Map.of("OpenAI-Organization", "org-acme", "x-trace", "t1"));
    assertEquals("Hello there", content(p.complete(chat("héllo \uD83D\uDE00"), TIMEOUT)));
    ScriptedUpstream.Request r = upstream.received().getFirst();
    assertEquals("POST /v1/chat/completions HTTP/1.1", r.line());
    assertEquals(List.of("application/json"), r.headers("content-type"));
    assertEquals(List.of("Bearer sk-test"), r.headers("authorization"));
    assertEquals(List.of("org-acme"), r.headers("openai-organization"));
    assertEquals(List.of("t1"), r.headers("x-trace"));
    assertTrue(r.header("host").orElseThrow().startsWith("127.0.0.1:"), r.head().toString());
    // the upstream is called directly: no header meant for a proxy
    assertEquals(List.of(), r.headers("proxy-connection"), r.head().toString());
    assertEquals(String.valueOf(r.body().length), r.header("content-length").orElseThrow());
    JsonNode sent = OpenAiChat.JSON.readTree(r.body());
    assertEquals("héllo \uD83D\uDE00", sent.path("messages").path(0).path("content").asText(), "UTF-8 on the wire");
    assertFalse(sent.path("stream").asBoolean(true));
  }

  @Test
  void anAnswerForACallerWhoGetsItAsItCameIsKeptAsTheUpstreamWroteIt() throws Exception {
    String answer = ANSWER.replace("{\"id\"", "{ \"model\" : \"up-1\", \"id\"");
    upstream = new ScriptedUpstream((r, out) -> {
      ScriptedUpstream.write(out, 200, "application/json", answer);
      return true;
    });
    UpstreamReply r = provider(upstream, Map.of()).completeReply(chat("hi"), TIMEOUT);
    assertTrue(r.passedOn());
    assertEquals(answer.replace("\"up-1\"", "\"small-us\""), new String(r.withModel("small-us"), StandardCharsets.UTF_8));
    assertEquals("Hello there", r.answerText());
    assertFalse(OpenAiChat.JSON.readTree(upstream.received().getFirst().body()).path("stream").asBoolean(true));
  }

  @Test
  void aConfiguredHeaderReplacesOursOfTheSameName() throws Exception {
    upstream = new ScriptedUpstream((r, out) -> {
      ScriptedUpstream.write(out, 200, "application/json", ANSWER);
      return true;
    });
    provider(upstream, Map.of("Authorization", "Token azure-style")).complete(chat("x"), TIMEOUT);
    assertEquals(List.of("Token azure-style"), upstream.received().getFirst().headers("authorization"));
  }

  @Test
  void aBaseUrlOrHeaderThatCannotBeUsedFailsEachCallSayingWhich() {
    for (GatewayConfig.ProviderConfig bad : List.of(
        new GatewayConfig.ProviderConfig("up", "openai", "ftp://example.com/v1", "k", Map.of(), TIMEOUT, 0, false),
        new GatewayConfig.ProviderConfig("up", "openai", "api.openai.com/v1", "k", Map.of(), TIMEOUT, 0, false),
        new GatewayConfig.ProviderConfig("up", "openai", "", "k", Map.of(), TIMEOUT, 0, false),
        new GatewayConfig.ProviderConfig("up", "openai", "https://api.openai.com/v1", "k",
            Map.of("x-a", "1\r\nx-injected: 2"), TIMEOUT, 0, false),
        new GatewayConfig.ProviderConfig("up", "anthropic", "http://[::1", "k", Map.of(), TIMEOUT, 0, false))) {
      Provider p = Providers.of(Map.of("up", bad), TokenCounter.cl100k(), AnthropicProvider::create).get("up")
          .orElseThrow();
      UpstreamException e = assertThrows(UpstreamException.class, () -> p.complete(chat("x"), TIMEOUT), bad.toString());
      assertFalse(e.retryable(), "trying again will not help");
      assertTrue(e.getMessage().startsWith("up cannot be called: "), e.getMessage());
      assertTrue(e.getMessage().contains(bad.headers().isEmpty() ? "base URL" : "x-a"), e.getMessage());
    }
  }

  @Test
  void keepAliveConnectionsAreReusedOneAfterTheOtherAndSideBySide() throws Exception {
    upstream = new ScriptedUpstream((r, out) -> {
      ScriptedUpstream.write(out, 200, "application/json", ANSWER);
      return true;
    });
    OpenAiProvider p = provider(upstream, Map.of());
    for (int i = 0; i < 20; i++) {
      p.complete(chat("one after the other " + i), TIMEOUT);
    }
    assertEquals(1, upstream.connections(), "twenty calls in a row share one connection");
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> calls = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        calls.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            assertEquals("Hello there", content(p.complete(chat("side by side"), TIMEOUT)));
          }
          return null;
        }));
      }
      for (Future<?> f : calls) {
        f.get();
      }
    }
    assertEquals(120, upstream.received().size());
    assertTrue(upstream.connections() <= 5, "at most one more connection per concurrent caller: "
        + upstream.connections());
  }

  @Test
  void anAnswerInChunksCutAnywhereIsReadWholeAndItsConnectionReused() throws Exception {
    upstream = new ScriptedUpstream((r, out) -> {
      ScriptedUpstream.writeChunked(out, "application/json", ANSWER.replace("Hello there", "Grüße, \uD83D\uDE00!"), 3);
      return true;
    });
    OpenAiProvider p = provider(upstream, Map.of());
    assertEquals("Grüße, \uD83D\uDE00!", content(p.complete(chat("a"), TIMEOUT)));
    assertEquals("Grüße, \uD83D\uDE00!", content(p.complete(chat("b"), TIMEOUT)));
    assertEquals(1, upstream.connections());
  }

  @Test
  void aStreamCutAnywhereArrivesEventByEventAndItsConnectionIsReused() throws Exception {
    StringBuilder sse = new StringBuilder();
    String[] pieces = {"Ein ", "Grüß", "e \uD83D\uDE00", " und", " mehr"};
    for (String piece : pieces) {
      ObjectNode chunk = OpenAiChat.JSON.createObjectNode().put("id", "c1").put("object", "chat.completion.chunk");
      chunk.putArray("choices").addObject().put("index", 0).putObject("delta").put("content", piece);
      sse.append("data: ").append(chunk).append("\n\n");
    }
    sse.append(": a comment line\n\ndata: [DONE]\n\n");
    upstream = new ScriptedUpstream((r, out) -> {
      ScriptedUpstream.writeChunked(out, "text/event-stream", sse.toString(), 5);
      return true;
    });
    OpenAiProvider p = provider(upstream, Map.of());
    for (int round = 0; round < 2; round++) {
      List<ObjectNode> chunks = new ArrayList<>();
      p.stream(chat("s"), TIMEOUT, chunks::add);
      StringBuilder text = new StringBuilder();
      chunks.forEach(c -> text.append(c.path("choices").path(0).path("delta").path("content").asText()));
      assertEquals(String.join("", pieces), text.toString());
      assertEquals(pieces.length, chunks.size());
    }
    assertTrue(OpenAiChat.JSON.readTree(upstream.received().getFirst().body()).path("stream").asBoolean());
    assertEquals(1, upstream.connections());
  }

  @Test
  void anAnswerWithoutALengthIsReadToTheEndOfItsConnection() throws Exception {
    upstream = new ScriptedUpstream((r, out) -> {
      out.write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n" + ANSWER)
          .getBytes(StandardCharsets.UTF_8));
      return false;
    });
    OpenAiProvider p = provider(upstream, Map.of());
    assertEquals("Hello there", content(p.complete(chat("a"), TIMEOUT)));
    assertEquals("Hello there", content(p.complete(chat("b"), TIMEOUT)));
    assertEquals(2, upstream.connections(), "a connection the upstream closes is not reused");
  }

  @Test
  void aStreamWhoseBodyDoesNotEndAfterItsLastEventIsNotWaitedFor() throws Exception {
    upstream = new ScriptedUpstream((r, out) -> {
      String events = "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\ndata: [DONE]\n\n";
      out.write(("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
          + Integer.toHexString(events.length()) + "\r\n" + events + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      Thread.sleep(10_000); // and never the last chunk
      return false;
    });
    OpenAiProvider p = provider(upstream, Map.of());
    for (int i = 0; i < 2; i++) {
      long t0 = System.nanoTime();
      List<ObjectNode> chunks = new ArrayList<>();
      p.stream(chat("x"), TIMEOUT, chunks::add);
      assertEquals(1, chunks.size());
      assertTrue(Duration.ofNanos(System.nanoTime() - t0).toMillis() < 2000, "done after [DONE], not at the timeout");
    }
    assertEquals(2, upstream.connections(), "its connection is not used again");
  }

  @Test
  void aStreamWithoutALengthEndsWithItsConnection() throws Exception {
    upstream = new ScriptedUpstream((r, out) -> {
      out.write(("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\ndata: {\"choices\":[{\"delta\":"
          + "{\"content\":\"hi\"}}]}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
      return false;
    });
    List<ObjectNode> chunks = new ArrayList<>();
    provider(upstream, Map.of()).stream(chat("x"), TIMEOUT, chunks::add);
    assertEquals(1, chunks.size());
  }

  @Test
  void aConnectionTheUpstreamClosedWhileIdleIsNotUsedAgain() throws Exception {
    // as a server whose keep-alive timeout ended does: it answered as if it kept the connection
    upstream = new ScriptedUpstream((r, out) -> {
      ScriptedUpstream.write(out, 200, "application/json", ANSWER);
      return false;
    });
    OpenAiProvider p = provider(upstream, Map.of());
    for (int i = 0; i < 3; i++) {
      assertEquals("Hello there", content(p.complete(chat("x" + i), TIMEOUT)));
      Thread.sleep(300);
    }
    assertEquals(3, upstream.connections());
  }

  @Test
  void anErrorStatusCarriesTheUpstreamsMessageAndTheConnectionStaysUsable() throws Exception {
    upstream = new ScriptedUpstream((r, out) -> {
      if (r.bodyText().contains("fail")) {
        ScriptedUpstream.write(out, 503, "application/json", "{\"error\":{\"message\":\"overloaded, sk-test\"}}");
      } else {
        ScriptedUpstream.write(out, 200, "application/json", ANSWER);
      }
      return true;
    });
    OpenAiProvider p = provider(upstream, Map.of());
    UpstreamException e = assertThrows(UpstreamException.class, () -> p.complete(chat("fail"), TIMEOUT));
    assertEquals(503, e.status());
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("overloaded"), e.getMessage());
    assertEquals("Hello there", content(p.complete(chat("ok"), TIMEOUT)));
    assertEquals(1, upstream.connections());
  }

  @Test
  void anAnswerThatBreaksOffIsARetryableNetworkError() {
    upstream = new ScriptedUpstream((r, out) -> {
      out.write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"id\":"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return false;
    });
    UpstreamException e = assertThrows(UpstreamException.class,
        () -> provider(upstream, Map.of()).complete(chat("x"), TIMEOUT));
    assertEquals(0, e.status(), e.getMessage());
    assertTrue(e.retryable());
    assertFalse(e.timeout());
  }

  @Test
  void anUpstreamThatClosesWithoutAnsweringIsARetryableNetworkError() {
    upstream = new ScriptedUpstream((r, out) -> false);
    UpstreamException e = assertThrows(UpstreamException.class,
        () -> provider(upstream, Map.of()).complete(chat("x"), TIMEOUT));
    assertEquals(0, e.status(), e.getMessage());
    assertTrue(e.retryable());
  }

  @Test
  void anAnswerThatTricklesInForLongerThanTheTimeoutIsCut() {
    upstream = new ScriptedUpstream((r, out) -> {
      out.write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + ANSWER.length()
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      for (byte b : ANSWER.getBytes(StandardCharsets.US_ASCII)) {
        out.write(b);
        out.flush();
        Thread.sleep(100);
      }
      return false;
    });
    long t0 = System.nanoTime();
    UpstreamException e = assertThrows(UpstreamException.class,
        () -> provider(upstream, Map.of()).complete(chat("x"), Duration.ofMillis(500)));
    assertTrue(e.timeout(), e.getMessage());
    assertTrue(Duration.ofNanos(System.nanoTime() - t0).toMillis() < 3000, "cut soon after the timeout");
  }

  @Test
  void aStatusLineThatIsNotHttpIsA502() {
    upstream = new ScriptedUpstream((r, out) -> {
      out.write("SSH-2.0-OpenSSH_9.6\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return false;
    });
    UpstreamException e = assertThrows(UpstreamException.class,
        () -> provider(upstream, Map.of()).complete(chat("x"), TIMEOUT));
    assertEquals(502, e.status(), e.getMessage());
  }

  @Test
  void aMalformedChunkIsAnErrorNotAHang() {
    upstream = new ScriptedUpstream((r, out) -> {
      out.write("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\nzz\r\ndata:"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(10_000);
      return false;
    });
    UpstreamException e = assertThrows(UpstreamException.class,
        () -> provider(upstream, Map.of()).stream(chat("x"), TIMEOUT, c -> { }));
    assertEquals(502, e.status(), e.getMessage());
  }

  @Test
  void anAnswerLargerThanAllowedIsNotReadBeyondTheLimit() throws Exception {
    String big = "x".repeat(10_000);
    upstream = new ScriptedUpstream((r, out) -> {
      ScriptedUpstream.write(out, 200, "application/json", big);
      return true;
    });
    UpstreamHttp http = UpstreamHttp.create(Duration.ofSeconds(2));
    UpstreamHttp.Target to = http.target(upstream.baseUrl() + "/chat/completions", Map.of(), Map.of());
    byte[] read = http.post(to, new byte[0], TIMEOUT, "up").body(1000, TIMEOUT, "up");
    assertEquals(1001, read.length, "one byte more than the limit: the caller sees it is too large");
    byte[] whole = http.post(to, new byte[0], TIMEOUT, "up").body(20_000, TIMEOUT, "up");
    assertEquals(big, new String(whole, StandardCharsets.US_ASCII));
    assertEquals(2, upstream.connections(), "a body left unread is not read on: its connection is closed");
  }

  @Test
  void callsFromManyThreadsGetTheirOwnAnswers() throws Exception {
    upstream = new ScriptedUpstream((r, out) -> {
      String asked = OpenAiChat.JSON.readTree(r.body()).path("messages").path(0).path("content").asText();
      ScriptedUpstream.write(out, 200, "application/json", ANSWER.replace("Hello there", "echo " + asked));
      return true;
    });
    OpenAiProvider p = provider(upstream, Map.of());
    Set<String> wrong = ConcurrentHashMap.newKeySet();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> calls = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int thread = t;
        calls.add(pool.submit(() -> {
          for (int i = 0; i < 20; i++) {
            String text = thread + "/" + i;
            String got = content(p.complete(chat(text), TIMEOUT));
            if (!got.equals("echo " + text)) {
              wrong.add(text + " -> " + got);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : calls) {
        f.get();
      }
    }
    assertEquals(Set.of(), wrong);
  }
}
