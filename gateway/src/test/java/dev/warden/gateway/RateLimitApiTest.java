package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.testing.MockUpstream;
import dev.warden.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate limits as callers meet them, over a real socket (buckets in this process): the
 * x-ratelimit-* headers on answers, on streams before their first event and on 429s, which
 * carry Retry-After and OpenAI's error format (Anthropic's on /v1/messages); a policy's
 * {@code limit team} shared by the team's keys; tokens charged at admission and given back
 * after a short answer.
 */
@Timeout(120)
class RateLimitApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TIGHT = "wk-test-tight-0123456789";
  static final String STREAMER = "wk-test-streamer-0123456789";
  static final String CLAUDE = "wk-test-claude-0123456789";
  static final String TOKENS = "wk-test-tokens-0123456789";
  static final String LIMITED_A = "wk-test-limited-a-0123456789";
  static final String LIMITED_B = "wk-test-limited-b-0123456789";
  static MockUpstream mock;
  static TestGateway gw;

  /** The test configuration with keys of these tests' own added. */
  static String config(String packs, String extra) {
    return TestGateway.config(packs, extra).replace("keys:\n", """
        keys:
          - {id: tight, key: %s, user: tina, team: ops, limits: {requests_per_minute: 2}}
          - {id: streamer, key: %s, user: sam, team: ops, limits: {requests_per_minute: 100, tokens_per_hour: 100000}}
          - {id: claude, key: %s, user: cleo, team: ops, limits: {requests_per_minute: 1}}
          - {id: tokens, key: %s, user: toby, team: ops, limits: {tokens_per_minute: 2000}}
          - {id: limited-a, key: %s, user: lea, team: limited}
          - {id: limited-b, key: %s, user: luc, team: limited}
        """.formatted(TIGHT, STREAMER, CLAUDE, TOKENS, LIMITED_A, LIMITED_B));
  }

  static String packs() {
    return TestGateway.testPacks() + ", " + Path.of("src/test/resources/limit-packs").toAbsolutePath();
  }

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    mock = MockUpstream.start();
    gw = TestGateway.start(dir, config(packs(), ""), mock);
  }

  @AfterAll
  static void stop() {
    gw.close();
    mock.close();
  }

  static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Test
  void overTheKeysLimitA429WithRetryAfterAndTheHeadersFollowsAnswersThatCarryThemToo() throws Exception {
    HttpResponse<String> first = gw.post("/v1/chat/completions", TIGHT, TestGateway.chat("small-us", "hello"));
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("2", header(first, "x-ratelimit-limit-requests"));
    assertEquals("1", header(first, "x-ratelimit-remaining-requests"));
    assertTrue(header(first, "x-ratelimit-reset-requests").matches("(\\d+m)?\\d+s|\\d+ms"),
        header(first, "x-ratelimit-reset-requests"));
    assertEquals(null, header(first, "x-ratelimit-limit-tokens"), "this key has no tokens limit");
    HttpResponse<String> second = gw.post("/v1/chat/completions", TIGHT, TestGateway.chat("small-us", "again"));
    assertEquals(200, second.statusCode(), second.body());
    assertEquals("0", header(second, "x-ratelimit-remaining-requests"));
    int calls = mock.calls("parrot");
    HttpResponse<String> third = gw.post("/v1/chat/completions", TIGHT, TestGateway.chat("small-us", "and again"));
    assertEquals(429, third.statusCode(), third.body());
    JsonNode err = JSON.readTree(third.body()).path("error");
    assertEquals("rate_limit_exceeded", err.path("code").asText());
    assertEquals("rate_limit_exceeded", err.path("type").asText());
    assertTrue(err.path("message").asText().contains("2 requests per minute"), err.toString());
    assertFalse(err.path("message").asText().contains("tina"), "no subject in the message");
    int retry = Integer.parseInt(header(third, "retry-after"));
    assertTrue(retry >= 1 && retry <= 60, "Retry-After " + retry);
    assertEquals("2", header(third, "x-ratelimit-limit-requests"));
    assertEquals("0", header(third, "x-ratelimit-remaining-requests"));
    assertEquals(calls, mock.calls("parrot"), "a refused request never reaches the upstream");
  }

  @Test
  void streamsCarryTheHeadersBeforeTheirFirstEvent() throws Exception {
    HttpResponse<String> r = gw.post("/v1/chat/completions", STREAMER, "{\"model\":\"small-us\",\"stream\":true,"
        + "\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"stream me\"}]}");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(header(r, "content-type").startsWith("text/event-stream"));
    assertEquals("100", header(r, "x-ratelimit-limit-requests"));
    assertTrue(Integer.parseInt(header(r, "x-ratelimit-remaining-requests")) < 100);
    assertEquals("100000", header(r, "x-ratelimit-limit-tokens"));
    long remaining = Long.parseLong(header(r, "x-ratelimit-remaining-tokens"));
    assertTrue(remaining < 100000 - 50 && remaining > 90000, "charged prompt + max_tokens: " + remaining);
    assertTrue(r.body().contains("data: [DONE]"));
  }

  @Test
  void aPolicyLimitOnATeamIsSharedByTheTeamsKeys() throws Exception {
    assertEquals(200, gw.post("/v1/chat/completions", LIMITED_A, TestGateway.chat("small-us", "one")).statusCode());
    HttpResponse<String> b = gw.post("/v1/chat/completions", LIMITED_B, TestGateway.chat("small-us", "two"));
    assertEquals(200, b.statusCode(), b.body());
    assertEquals("0", header(b, "x-ratelimit-remaining-requests"));
    HttpResponse<String> refused = gw.post("/v1/chat/completions", LIMITED_A, TestGateway.chat("small-us", "three"));
    assertEquals(429, refused.statusCode(), refused.body());
    assertTrue(JSON.readTree(refused.body()).path("error").path("message").asText().contains("per team"));
    assertEquals(200, gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("small-us", "other team"))
        .statusCode(), "another team is not limited");
  }

  @Test
  void theAnthropicEndpointAnswersItsOwnErrorFormatWithThe429() throws Exception {
    String body = "{\"model\":\"small-us\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    HttpResponse<String> ok = gw.post("/v1/messages", CLAUDE, body);
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals("0", header(ok, "x-ratelimit-remaining-requests"));
    HttpResponse<String> refused = gw.post("/v1/messages", CLAUDE, body);
    assertEquals(429, refused.statusCode(), refused.body());
    JsonNode e = JSON.readTree(refused.body());
    assertEquals("error", e.path("type").asText());
    assertEquals("rate_limit_error", e.path("error").path("type").asText());
    assertTrue(Integer.parseInt(header(refused, "retry-after")) >= 1);
    assertEquals("1", header(refused, "x-ratelimit-limit-requests"));
  }

  @Test
  void tokensChargedAtAdmissionAreGivenBackAfterAShortAnswer() throws Exception {
    String big = "{\"model\":\"small-us\",\"max_tokens\":1500,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    HttpResponse<String> first = gw.post("/v1/chat/completions", TOKENS, big);
    assertEquals(200, first.statusCode(), first.body());
    long afterFirst = Long.parseLong(header(first, "x-ratelimit-remaining-tokens"));
    assertTrue(afterFirst < 500, "charged at admission: " + afterFirst);
    long used = JSON.readTree(first.body()).path("usage").path("total_tokens").asLong();
    assertTrue(used > 0 && used < 100, "a short answer: " + used);
    // without the refund 1500 + the prompt would not fit in what is left of 2000
    HttpResponse<String> second = gw.post("/v1/chat/completions", TOKENS, big);
    assertEquals(200, second.statusCode(), second.body());
    long afterSecond = Long.parseLong(header(second, "x-ratelimit-remaining-tokens"));
    assertEquals(2000 - used - (2000 - afterFirst), afterSecond, "the first request's unused tokens came back");
    HttpResponse<String> tooBig = gw.post("/v1/chat/completions", TOKENS,
        "{\"model\":\"small-us\",\"max_tokens\":2000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(429, tooBig.statusCode(), tooBig.body());
    assertTrue(tooBig.body().contains("lower max_tokens"), tooBig.body());
  }

  @Test
  void aRequestTheGatewayRefusesAfterAdmissionGivesItsTokensBack() throws Exception {
    // the test packs check answers, so n > 1 is refused (400) once the limits admitted the request
    HttpResponse<String> refused = gw.post("/v1/chat/completions", STREAMER, "{\"model\":\"small-us\",\"n\":2,"
        + "\"max_tokens\":5000,\"messages\":[{\"role\":\"user\",\"content\":\"two answers\"}]}");
    assertEquals(400, refused.statusCode(), refused.body());
    HttpResponse<String> next = gw.post("/v1/chat/completions", STREAMER, "{\"model\":\"small-us\","
        + "\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"one\"}]}");
    assertEquals(200, next.statusCode(), next.body());
    long remaining = Long.parseLong(header(next, "x-ratelimit-remaining-tokens"));
    assertTrue(remaining > 100000 - 1000, "the refused request's 5,000 tokens came back: " + remaining);
  }

  @Test
  void keysWithoutLimitsGetNoRateLimitHeaders() {
    HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.EU_KEY, TestGateway.chat("eu-small", "hi"));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(null, header(r, "x-ratelimit-limit-requests"));
  }

  @Test
  void hostileMaxTokensAreRefusedBeforeAnyLimitIsCharged() throws Exception {
    for (String v : new String[] {"-1", "\"many\"", "1e400", "99999999999999999999"}) {
      HttpResponse<String> r = gw.post("/v1/chat/completions", TIGHT,
          "{\"model\":\"small-us\",\"max_tokens\":" + v + ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
      assertEquals(400, r.statusCode(), v + ": " + r.body());
      assertEquals("invalid_request_error", JSON.readTree(r.body()).path("error").path("type").asText());
    }
  }
}
