package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.audit.SealKey;
import dev.warden.gateway.audit.Verifier;
import dev.warden.gateway.audit.VerifyReport;
import dev.warden.gateway.testing.MockUpstream;
import dev.warden.gateway.testing.TestGateway;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log of a running gateway: one record per request, served, blocked or refused, with
 * what the rules saw and did; found by {@code /admin/audit}; content as the log level says;
 * and the log verifies.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AuditApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SEAL = "audit-api-test-seal-key-0123456789";
  static MockUpstream mock;
  static TestGateway gw;
  static Path audit;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    mock = MockUpstream.start();
    audit = dir.resolve("audit");
    String packs = TestGateway.testPacks() + ", " + Path.of("src/test/resources/audit-packs").toAbsolutePath();
    gw = TestGateway.start(dir, TestGateway.config(packs, """
        audit: {mode: sync, dir: %s, seal_key: %s}
        """.formatted(audit, SEAL)), mock);
  }

  @AfterAll
  static void stop() {
    gw.close();
    mock.close();
  }

  static String id(HttpResponse<String> r) {
    return r.headers().firstValue("x-warden-request-id").orElseThrow();
  }

  /** The one record of a request, through the admin API. */
  static JsonNode record(String id) throws Exception {
    JsonNode found = query("request_id=" + id);
    assertEquals(1, found.path("count").asInt(), found.toString());
    return found.path("records").path(0);
  }

  static JsonNode query(String params) throws Exception {
    HttpResponse<String> r = gw.get("/admin/audit?" + params, TestGateway.ADMIN);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  static HttpResponse<String> chat(String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri("/v1/chat/completions")).timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json").header("authorization", "Bearer " + TestGateway.KEY)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return gw.send(b.build());
  }

  @Test
  void aServedRequestsRecordHoldsWhatTheRulesSawAndDid() throws Exception {
    HttpResponse<String> r = chat(TestGateway.chat("small-us", "My SSN is 536-22-8145, mail me at ann.lee@example.org"));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode rec = record(id(r));
    assertEquals("request", rec.path("type").asText());
    assertEquals(200, rec.path("status").asInt());
    assertEquals("served", rec.path("outcome").asText());
    assertEquals("chat", rec.path("endpoint").asText());
    assertEquals("us", rec.path("principal").path("key").asText());
    assertEquals("eng", rec.path("principal").path("team").asText());
    assertEquals("small-us", rec.path("model").path("asked").asText());
    assertEquals("small-us", rec.path("model").path("served").asText());
    assertEquals(r.headers().firstValue("x-warden-revision").orElseThrow(), rec.path("revision").asText());
    JsonNode fired = rec.path("decision").path("request").path("fired");
    assertTrue(fired.toString().contains("\"rule\":\"basic/mask-ssn\""), fired.toString());
    assertTrue(fired.path(0).path("origin").asText().matches(".*\\.policy:\\d+:\\d+"), fired.toString());
    JsonNode red = rec.path("redactions").path("prompt");
    assertEquals("{\"count\":1,\"op\":\"mask\",\"rule\":\"basic/mask-ssn\",\"type\":\"SSN\"}", red.path(1).toString());
    assertEquals("pseudonymize", red.path(0).path("op").asText(), red.toString());
    assertTrue(rec.path("facts").path("prompt").path("detections").toString().contains("\"type\":\"SSN\""));
    assertTrue(rec.path("tokens").path("prompt").asInt() > 0);
    assertTrue(rec.path("tokens").path("completion").asInt() > 0);
    assertEquals(200, rec.path("attempts").path(0).path("status").asInt());
    assertEquals("small-us", rec.path("attempts").path(0).path("model").asText());
    JsonNode latency = rec.path("latency_ms");
    assertTrue(latency.path("total").asDouble() >= latency.path("upstream").asDouble());
    assertTrue(latency.path("gateway").asDouble() > 0);
    assertEquals("redacted", rec.path("log").asText());
    String prompt = rec.path("content").path("messages").path(0).path("text").asText();
    assertEquals("My SSN is ***********, mail me at <EMAIL_1>", prompt);
    assertFalse(rec.toString().contains("536-22-8145") || rec.toString().contains("ann.lee@example.org"));
    assertTrue(rec.path("decision").path("response").path("allowed").asBoolean(), "the answer was checked");
    // every call is metered; without a budget nothing is reserved for it
    assertTrue(rec.path("cost_usd").asDouble() > 0, rec.toString());
    assertTrue(rec.path("reservation").isNull(), rec.toString());
  }

  @Test
  void aBlockedRequestIsFoundByItsRule() throws Exception {
    HttpResponse<String> r = chat(TestGateway.chat("small-us", "why does this fail? password=Zq8#kLp2!vX9"));
    assertEquals(422, r.statusCode(), r.body());
    JsonNode found = query("rule=no-secrets");
    boolean there = false;
    for (JsonNode rec : found.path("records")) {
      if (rec.path("id").asText().equals(id(r))) {
        there = true;
        assertEquals("blocked", rec.path("outcome").asText());
        assertEquals(422, rec.path("status").asInt());
        assertEquals("basic/no-secrets", rec.path("blocked_by").path("rule").asText());
        assertTrue(rec.path("blocked_by").path("origin").asText().contains("basic.policy:"), rec.toString());
        assertEquals(0, rec.path("attempts").size(), "never sent upstream");
        assertFalse(rec.toString().contains("Zq8#kLp2"), "the secret is not in the record");
      }
    }
    assertTrue(there, found.toString());
    // the full id works as well, and the rule that did not fire finds nothing of it
    assertTrue(query("rule=basic/no-secrets").toString().contains(id(r)));
    assertFalse(query("rule=mask-ssn&outcome=blocked").toString().contains(id(r)));
  }

  @Test
  void aRefusedCallerIsRecordedToo() throws Exception {
    HttpResponse<String> r = gw.post("/v1/chat/completions", "wk-not-a-key", TestGateway.chat("small-us", "hi"));
    assertEquals(401, r.statusCode());
    JsonNode rec = record(id(r));
    assertEquals("refused", rec.path("outcome").asText());
    assertEquals("invalid_api_key", rec.path("error").path("code").asText());
    assertTrue(rec.path("principal").isMissingNode());
    assertTrue(rec.path("facts").isMissingNode(), "no rule ran");
  }

  @Test
  void aStreamedRequestIsRecordedWhenItEnds() throws Exception {
    HttpResponse<String> r = chat("{\"model\":\"small-us\",\"stream\":true,\"messages\":[{\"role\":\"user\","
        + "\"content\":\"Tell me about ann.lee@example.org\"}]}");
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("[DONE]"));
    JsonNode rec = record(id(r));
    assertTrue(rec.path("streamed").asBoolean());
    assertTrue(rec.path("decision").path("response_checks").asInt() >= 1);
    assertTrue(rec.path("tokens").path("completion").asInt() > 0, rec.path("tokens").toString());
    assertEquals("provider", rec.path("tokens").path("counted_by").asText(), "the mock streams its usage");
    assertEquals("Tell me about <EMAIL_1>", rec.path("content").path("answer").asText());
  }

  @Test
  void contentFollowsTheLogLevelTheRulesChose() throws Exception {
    String body = TestGateway.chat("small-us", "Write to ann.lee@example.org");
    JsonNode full = record(id(chat(body, "x-warden-tag-log", "full")));
    assertEquals("full", full.path("log").asText());
    assertEquals("Write to ann.lee@example.org", full.path("content").path("messages").path(0).path("text").asText());
    JsonNode meta = record(id(chat(body, "x-warden-tag-log", "metadata")));
    assertEquals("metadata", meta.path("log").asText());
    assertTrue(meta.path("content").isMissingNode());
    assertTrue(meta.path("facts").path("prompt").path("detections").toString().contains("EMAIL"),
        "metadata keeps the facts, not the text");
  }

  @Test
  void valuesTheRulesInterpolateIntoTheirTextsAreNotLogged() throws Exception {
    // a pack may write the prompt into a warning, a tag or a block message (${prompt.text})
    String text = "Write to ann.lee@example.org about card 4111 1111 1111 1111";
    HttpResponse<String> warned = chat(TestGateway.chat("small-us", text), "x-warden-tag-echo", "yes");
    assertEquals(200, warned.statusCode(), warned.body());
    HttpResponse<String> refused = chat(TestGateway.chat("small-us", text), "x-warden-tag-echo", "block");
    assertEquals(403, refused.statusCode(), refused.body());
    for (HttpResponse<String> r : List.of(warned, refused)) {
      String rec = record(id(r)).toString();
      for (String raw : new String[] {"ann.lee@example.org", "4111 1111 1111 1111", "4111111111111111"}) {
        assertFalse(rec.contains(raw), raw + " in " + rec);
      }
    }
    JsonNode w = record(id(warned));
    assertEquals("you sent: Write to [EMAIL] about card [CREDIT_CARD]",
        w.path("decision").path("request").path("warnings").path(0).path("message").asText(), w.toString());
    assertEquals("Write to [EMAIL] about card [CREDIT_CARD]", w.path("tags").path("sent").asText());
    JsonNode b = record(id(refused));
    assertEquals("refused: Write to [EMAIL] about card [CREDIT_CARD]", b.path("error").path("message").asText());
    assertEquals(b.path("error").path("message"), b.path("decision").path("request").path("block").path("message"));
    // at full, the rules' texts are kept as they were written, like the content
    JsonNode full = record(id(chat(TestGateway.chat("small-us", text), "x-warden-tag-echo", "yes",
        "x-warden-tag-log", "full")));
    assertEquals("you sent: " + text, full.path("decision").path("request").path("warnings").path(0).path("message")
        .asText());
  }

  @Test
  void monitorRulesAreRecordedAsWouldHave() throws Exception {
    HttpResponse<String> r = chat(TestGateway.chat("small-us", "word ".repeat(60)));
    assertEquals(200, r.statusCode());
    JsonNode rec = record(id(r));
    JsonNode would = rec.path("decision").path("request").path("would_have");
    assertEquals("levels/watch-long-prompts", would.path(0).path("rule").asText(), rec.toString());
    assertTrue(would.path(0).path("action").asText().startsWith("block 403"));
    assertEquals("served", rec.path("outcome").asText());
  }

  @Test
  void badQueriesAreRefusedWithTheReason() throws Exception {
    assertEquals(401, gw.get("/admin/audit?team=eng", null).statusCode());
    assertEquals(401, gw.get("/admin/audit?team=eng", TestGateway.KEY).statusCode(), "a virtual key is not admin");
    for (String q : new String[] {"colour=red", "limit=0", "limit=abc", "limit=1001", "from=yesterday",
        "from=2026-11-24&to=2026-11-23", "status=1000", "outcome=lost", "team=" + "x".repeat(300),
        "team=a&team=b"}) {
      HttpResponse<String> r = gw.get("/admin/audit?" + q, TestGateway.ADMIN);
      assertEquals(400, r.statusCode(), q + " -> " + r.body());
      assertEquals("invalid_request", JSON.readTree(r.body()).path("error").path("code").asText());
    }
    String hostile = URLEncoder.encode("\"}]{\u0000'; DROP", StandardCharsets.UTF_8);
    assertEquals(0, query("team=" + hostile).path("count").asInt());
  }

  @Test
  void timeRangesAndLimitsNarrowTheSearch() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertEquals(200, chat(TestGateway.chat("small-us", "hello " + i)).statusCode());
    }
    JsonNode two = query("team=eng&limit=2");
    assertEquals(2, two.path("count").asInt());
    assertTrue(two.path("truncated").asBoolean());
    String newest = two.path("records").path(0).path("time").asText();
    assertTrue(newest.compareTo(two.path("records").path(1).path("time").asText()) >= 0, "newest first");
    assertEquals(0, query("from=2000-01-01&to=2000-01-02").path("count").asInt());
    assertTrue(query("from=2000-01-01").path("count").asInt() >= 3);
  }

  @Test
  void theLogVerifiesWhileTheGatewayWritesIt() throws Exception {
    assertEquals(200, chat(TestGateway.chat("small-us", "one more")).statusCode());
    VerifyReport v = Verifier.verify(audit, Optional.of(SealKey.of(SEAL.getBytes(StandardCharsets.UTF_8))));
    assertTrue(v.ok(), () -> v.problems().toString());
    assertTrue(v.records() >= 1);
    assertTrue(v.notes().stream().anyMatch(n -> n.kind().equals("open")), "the segment being written is not sealed");
  }
}
