package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.testing.MockUpstream;
import dev.warden.gateway.testing.TestGateway;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken input from callers and from upstreams: each gets the right status and an
 * OpenAI-format error with no stack trace, and the gateway keeps serving everyone else.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static MockUpstream mock;
  static TestGateway gw;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    mock = MockUpstream.start();
    gw = TestGateway.start(dir, TestGateway.config(TestGateway.testPacks(), ""), mock);
  }

  @AfterAll
  static void stop() {
    gw.close();
    mock.close();
  }

  /** The status, and the error body checked for OpenAI's shape and for anything internal. */
  static JsonNode error(HttpResponse<String> r, int status) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    JsonNode body = JSON.readTree(r.body());
    JsonNode err = body.path("error");
    assertTrue(err.path("message").isTextual() && !err.path("message").asText().isBlank(), r.body());
    assertTrue(err.path("type").isTextual(), r.body());
    assertTrue(err.has("code"), r.body());
    assertFalse(r.body().contains("Exception") || r.body().contains("\tat ") || r.body().contains("dev.warden"),
        "no internals in " + r.body());
    assertTrue(r.headers().firstValue("x-warden-request-id").isPresent());
    return err;
  }

  static HttpResponse<String> postBytes(String contentType, byte[] body, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri("/v1/chat/completions")).timeout(Duration.ofSeconds(20))
        .header("content-type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (key != null) {
      b.header("authorization", "Bearer " + key);
    }
    return gw.send(b.build());
  }

  @Test
  void anOversizedBodyIs413() throws Exception {
    String big = TestGateway.chat("small-us", "a".repeat(70_000));
    JsonNode err = error(gw.post("/v1/chat/completions", TestGateway.KEY, big), 413);
    assertEquals("request_too_large", err.path("code").asText());
  }

  @Test
  void aBodyWithoutContentLengthIsCappedToo() throws Exception {
    byte[] chunk = "a".repeat(8192).getBytes(StandardCharsets.UTF_8);
    HttpRequest req = HttpRequest.newBuilder(gw.uri("/v1/chat/completions")).timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json").header("authorization", "Bearer " + TestGateway.KEY)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
          int sent;

          @Override
          public int read() {
            return sent++ < 200_000 ? 'a' : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (sent >= 200_000) {
              return -1;
            }
            int n = Math.min(len, chunk.length);
            System.arraycopy(chunk, 0, b, off, n);
            sent += n;
            return n;
          }
        })).build();
    error(gw.send(req), 413);
  }

  @Test
  void aWrongContentTypeIs415() throws Exception {
    error(postBytes("text/plain", TestGateway.chat("small-us", "hi").getBytes(StandardCharsets.UTF_8),
        TestGateway.KEY), 415);
  }

  @Test
  void aBodyDeclaredInAnotherCharsetIs415AndUtf8IsTaken() throws Exception {
    byte[] body = TestGateway.chat("small-us", "hi").getBytes(StandardCharsets.UTF_8);
    JsonNode err = error(postBytes("application/json; charset=iso-8859-1", body, TestGateway.KEY), 415);
    assertTrue(err.path("message").asText().contains("UTF-8"), err.toString());
    assertEquals(200, postBytes("application/json; charset=UTF-8", body, TestGateway.KEY).statusCode());
    assertEquals(200, postBytes("application/json;charset=utf-8", body, TestGateway.KEY).statusCode());
  }

  @Test
  void invalidUtf8Is400() throws Exception {
    byte[] body = "{\"model\":\"small-us\",\"messages\":[{\"role\":\"user\",\"content\":\"\u0000\"}]}"
        .getBytes(StandardCharsets.UTF_8);
    byte[] bad = new byte[body.length + 2];
    System.arraycopy(body, 0, bad, 0, body.length);
    bad[bad.length - 2] = (byte) 0xC3;
    bad[bad.length - 1] = (byte) 0x28;
    JsonNode err = error(postBytes("application/json", bad, TestGateway.KEY), 400);
    assertTrue(err.path("message").asText().contains("UTF-8"));
  }

  @Test
  void malformedJsonIs400() throws Exception {
    for (String body : new String[] {"{", "[]", "null", "{\"model\":\"small-us\"}", "{\"model\":3,\"messages\":[]}",
        "{\"model\":\"small-us\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}",
        "{\"model\":\"small-us\",\"messages\":[{\"role\":\"user\",\"content\":42}]}",
        "{\"model\":\"small-us\",\"max_tokens\":-1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "{\"model\":\"small-us\",\"messages\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
        // a whole object followed by more: not one JSON document (the rest was ignored and served)
        "{\"model\":\"small-us\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} garbage",
        "{\"model\":\"small-us\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}{\"model\":\"x\"}",
        // wrong types OpenAI refuses, which were served as something else ("yes": not streamed, 2.5: 2)
        "{\"model\":\"small-us\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "{\"model\":\"small-us\",\"max_tokens\":2.5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"}) {
      error(gw.post("/v1/chat/completions", TestGateway.KEY, body), 400);
    }
  }

  @Test
  void missingOrWrongKeysAre401() throws Exception {
    String body = TestGateway.chat("small-us", "hi");
    assertEquals("invalid_api_key", error(gw.post("/v1/chat/completions", null, body), 401).path("code").asText());
    error(gw.post("/v1/chat/completions", "wk-not-a-key", body), 401);
    error(gw.post("/v1/chat/completions", "x".repeat(10_000), body), 401);
    error(gw.get("/v1/models", "Basic abc"), 401);
    // the admin API takes the admin token only, not a virtual key
    error(gw.get("/admin/packs", TestGateway.KEY), 401);
  }

  @Test
  void unknownModelsAndEndpointsAre404() throws Exception {
    JsonNode err = error(gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("gpt-17", "hi")), 404);
    assertEquals("model_not_found", err.path("code").asText());
    error(gw.post("/v1/completions", TestGateway.KEY, "{}"), 404);
    error(gw.get("/v2/anything", TestGateway.KEY), 404);
  }

  @Test
  void aModelApiAskedWithTheWrongMethodIs405WithAllow() throws Exception {
    HttpResponse<String> r = gw.get("/v1/chat/completions", TestGateway.KEY);
    assertEquals("method_not_allowed", error(r, 405).path("code").asText());
    assertEquals("POST", r.headers().firstValue("allow").orElseThrow());
    HttpResponse<String> models = gw.send(HttpRequest.newBuilder(gw.uri("/v1/models")).timeout(Duration.ofSeconds(20))
        .header("authorization", "Bearer " + TestGateway.KEY).DELETE().build());
    error(models, 405);
    assertEquals("GET", models.headers().firstValue("allow").orElseThrow());
  }

  @Test
  void anUpstreamThatHangsIs504AndOthersAreServedMeanwhile() throws Exception {
    CompletableFuture<HttpResponse<String>> hanging = CompletableFuture.supplyAsync(
        () -> gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("hang-us", "hello")));
    // while that request waits on its upstream, another is served at once
    HttpResponse<String> ok = gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("small-us", "hi"));
    assertEquals(200, ok.statusCode(), ok.body());
    assertFalse(hanging.isDone());
    JsonNode err = error(hanging.get(30, TimeUnit.SECONDS), 504);
    assertEquals("upstream_timeout", err.path("code").asText());
  }

  @Test
  void anUpstreamThatStallsHalfwayThroughItsAnswerIs504() throws Exception {
    // the headers arrive at once, the body stops halfway: the read of the body has its own timeout
    CompletableFuture<HttpResponse<String>> stalled = CompletableFuture.supplyAsync(
        () -> gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("stall-us", "hello")));
    JsonNode err = error(stalled.get(30, TimeUnit.SECONDS), 504);
    assertEquals("upstream_timeout", err.path("code").asText());
  }

  @Test
  void anUpstreamThatResetsIs502() throws Exception {
    error(gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("reset-us", "hello")), 502);
  }

  @Test
  void anUpstreamThatAnswersGarbageIs502() throws Exception {
    error(gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("garbage-us", "hello")), 502);
  }

  @Test
  void anUpstreamRateLimitIs429WithRetryAfter() throws Exception {
    int before = mock.calls("fail-429");
    HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("ratelimited-us", "hi"));
    JsonNode err = error(r, 429);
    assertEquals("rate_limit_error", err.path("type").asText());
    assertTrue(r.headers().firstValue("retry-after").isPresent());
    assertEquals(before + 2, mock.calls("fail-429"), "tried once and retried once (retries: 1)");
  }

  @Test
  void aStreamThatBreaksMidwayEndsWithAnErrorEvent() throws Exception {
    for (String model : new String[] {"cut-us", "stall-us"}) {
      mock.answer("This answer is long enough to be streamed in part before the mock upstream cuts it. ".repeat(8))
          .chunkSize(16);
      HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.KEY,
          "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}");
      assertEquals(200, r.statusCode(), model + ": " + r.body());
      assertTrue(r.body().contains("\"content\":\"This answer"), model + ": the first part was streamed");
      assertTrue(r.body().contains("\"error\""), model + ": " + r.body());
      assertTrue(r.body().trim().endsWith("data: [DONE]"), model + ": " + r.body());
    }
  }

  @Test
  void aStreamThatBreaksBeforeAnythingWasSentIsAPlainError() throws Exception {
    // the answer is shorter than the hold-back window: nothing reached the caller, so the
    // caller gets an ordinary error response rather than a stream that stops
    mock.answer("Too short to be released.").chunkSize(4);
    HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.KEY,
        "{\"model\":\"cut-us\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}");
    error(r, 502);
  }

  @Test
  void aMalformedQueryIsRefusedInTheApisErrorFormat() throws Exception {
    for (String target : new String[] {"/v1/models?team=%zz", "/admin/audit?team=%"}) {
      try (Socket s = new Socket("127.0.0.1", gw.gateway().port())) {
        s.setSoTimeout(5000);
        s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestGateway.KEY
            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        JsonNode err = new ObjectMapper().readTree(body).path("error");
        assertEquals("invalid_request_error", err.path("type").asText(), answer);
        assertTrue(err.path("message").asText().contains("malformed"), answer);
        assertFalse(answer.contains("%zz"), "the request is not quoted back: " + answer);
      }
    }
    HttpResponse<String> ok = gw.get("/v1/models", TestGateway.KEY);
    assertEquals(200, ok.statusCode(), ok.body());
  }

  @Test
  void headersOverTheServersLimitAreSaidToBeTooLarge() throws Exception {
    // a 20 KB x-warden-tag-* header was refused as "malformed (for instance a % that does not
    // start a valid percent-encoding)", which sent the caller looking for a % they never sent
    HttpResponse<String> r = gw.send(HttpRequest.newBuilder(gw.uri("/v1/models")).timeout(Duration.ofSeconds(20))
        .header("authorization", "Bearer " + TestGateway.KEY).header("x-warden-tag-notes", "a".repeat(20_000))
        .GET().build());
    assertEquals(400, r.statusCode(), r.body());
    JsonNode err = JSON.readTree(r.body()).path("error");
    assertTrue(err.path("message").asText().contains("too large"), r.body());
  }

  @Test
  void aClientThatSendsHalfARequestAndLeavesDoesNotHurtOthers() throws Exception {
    try (Socket s = new Socket("127.0.0.1", gw.gateway().port())) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Authorization: Bearer " + TestGateway.KEY + "\r\nContent-Length: 1000\r\n\r\n{\"model\":")
          .getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
    try (Socket s = new Socket("127.0.0.1", gw.gateway().port())) {
      s.getOutputStream().write("GARBAGE\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      s.setSoTimeout(5000);
      s.getInputStream().read(new byte[1024]);
    }
    HttpResponse<String> ok = gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("small-us", "hi"));
    assertEquals(200, ok.statusCode(), ok.body());
  }
}
