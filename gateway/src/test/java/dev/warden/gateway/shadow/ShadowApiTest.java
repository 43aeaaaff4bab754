package dev.warden.gateway.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.testing.MockUpstream;
import dev.warden.gateway.testing.TestGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow mode through the admin API: a candidate pack set runs beside the active one on live
 * traffic, changes nothing for callers, reports what it would have done differently, and is
 * promoted atomically.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShadowApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String EXTRA = """

      rule "no-email-addresses" {
        priority 800
        when prompt contains EMAIL
        then block 403 "Do not send e-mail addresses"
      }
      """;

  @TempDir
  Path dir;

  private Path packs(String name, String edit) throws Exception {
    Path folder = dir.resolve(name).resolve("basic");
    Files.createDirectories(folder);
    String basic = Files.readString(Path.of(TestGateway.testPacks(), "basic", "basic.policy"));
    Files.writeString(folder.resolve("basic.policy"), edit.isEmpty() ? basic
        : basic.replace("then redact SSN using mask\n}\n\nrule \"mask-ssn-in-answers\"",
            "then redact SSN using replace\n}\n\nrule \"mask-ssn-in-answers\"") + edit);
    return folder.getParent();
  }

  private static HttpResponse<String> admin(TestGateway gw, String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri(path)).timeout(Duration.ofSeconds(60))
        .header("authorization", "Bearer " + TestGateway.ADMIN).header("content-type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return gw.send(b.build());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void aCandidateRunsBesideTheActivePacksAndIsPromoted() throws Exception {
    Path live = packs("live", "");
    Path candidate = packs("candidate", EXTRA);
    try (MockUpstream mock = MockUpstream.start();
        TestGateway gw = TestGateway.start(dir, TestGateway.config(live.toString(), ""), mock)) {
      String active = json(gw.get("/admin/packs", TestGateway.ADMIN)).path("revision").asText();
      HttpResponse<String> started = admin(gw, "POST", "/admin/packs/shadow",
          "{\"folders\": [" + JSON.getNodeFactory().textNode(candidate.toString()) + "]}");
      assertEquals(201, started.statusCode(), started.body());
      String shadowRevision = json(started).path("revision").asText();
      assertNotEquals(active, shadowRevision);

      HttpResponse<String> mail = gw.post("/v1/chat/completions", TestGateway.KEY,
          TestGateway.chat("small-us", "mail ann@example.org"));
      assertEquals(200, mail.statusCode(), "the shadow enforces nothing");
      HttpResponse<String> ssn = gw.post("/v1/chat/completions", TestGateway.KEY,
          TestGateway.chat("small-us", "my SSN is 536-22-8145"));
      assertEquals(200, ssn.statusCode());
      assertTrue(ssn.body().contains("***********"), "the active packs' redaction: " + ssn.body());
      assertEquals(200, gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("small-us", "hello"))
          .statusCode());

      JsonNode status = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        status = json(gw.get("/admin/packs/shadow", TestGateway.ADMIN));
        if (status.path("report").path("compared").asInt() >= 3) {
          break;
        }
        Thread.sleep(50);
      }
      JsonNode report = status.path("report");
      assertEquals(3, report.path("compared").asInt(), status.toString());
      assertEquals(2, report.path("changed").asInt(), status.toString());
      JsonNode newly = report.path("changes").path("newly_blocked").path(0);
      assertEquals("basic/no-email-addresses", newly.path("rule").asText());
      assertEquals(mail.headers().firstValue("x-warden-request-id").orElseThrow(), newly.path("examples").path(0).asText());
      JsonNode red = report.path("changes").path("different_redactions").path(0);
      assertEquals("basic/mask-ssn", red.path("rule").asText());
      assertEquals("prompt SSN: mask -> replace", red.path("details").path(0).asText());

      HttpResponse<String> promoted = admin(gw, "POST", "/admin/packs/shadow/promote", null);
      assertEquals(200, promoted.statusCode(), promoted.body());
      assertEquals(shadowRevision, json(promoted).path("promoted").asText());
      JsonNode packs = json(gw.get("/admin/packs", TestGateway.ADMIN));
      assertEquals(shadowRevision, packs.path("revision").asText());
      assertEquals(candidate.toString(), packs.path("folders").path(0).asText(), "reloads now read the candidate");
      HttpResponse<String> now = gw.post("/v1/chat/completions", TestGateway.KEY,
          TestGateway.chat("small-us", "mail ann@example.org"));
      assertEquals(403, now.statusCode(), "the promoted packs are enforced");
      assertEquals(shadowRevision, now.headers().firstValue("x-warden-revision").orElse(shadowRevision));
      assertFalse(json(gw.get("/admin/packs/shadow", TestGateway.ADMIN)).path("active").asBoolean());
      assertEquals(409, admin(gw, "POST", "/admin/packs/shadow/promote", null).statusCode());
      assertEquals(404, admin(gw, "DELETE", "/admin/packs/shadow", null).statusCode());
    }
  }

  @Test
  void startingTakesOnlyGoodCandidatesAndStoppingReportsWhatWasFound() throws Exception {
    Path live = packs("live", "");
    Path broken = dir.resolve("broken/basic");
    Files.createDirectories(broken);
    Files.writeString(broken.resolve("basic.policy"), "pack \"basic\" version \"1.0.0\"\nrule \"x\" { whne true }\n");
    try (TestGateway gw = TestGateway.start(dir, TestGateway.config(live.toString(), ""), null)) {
      assertEquals(401, gw.send(HttpRequest.newBuilder(gw.uri("/admin/packs/shadow")).header("content-type",
          "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode());
      for (String bad : new String[] {"{}", "[]", "{\"folders\": []}", "{\"folders\": \"x\"}",
          "{\"folders\": [\"/nonexistent/packs\"]}", "{\"folders\": [" + JSON.getNodeFactory().textNode(live.toString())
              + "], \"sample\": 0}", "{\"folders\": [" + JSON.getNodeFactory().textNode(live.toString())
              + "], \"colour\": 1}", "{\"folders\": [1]}", "not json"}) {
        HttpResponse<String> r = admin(gw, "POST", "/admin/packs/shadow", bad);
        assertEquals(400, r.statusCode(), bad + " -> " + r.body());
      }
      HttpResponse<String> r = admin(gw, "POST", "/admin/packs/shadow",
          "{\"folders\": [" + JSON.getNodeFactory().textNode(broken.getParent().toString()) + "]}");
      assertEquals(422, r.statusCode(), r.body());
      assertTrue(json(r).path("error").asText().contains("do not compile"), r.body());
      assertFalse(json(gw.get("/admin/packs/shadow", TestGateway.ADMIN)).path("active").asBoolean());

      Path candidate = packs("candidate", EXTRA);
      assertEquals(201, admin(gw, "POST", "/admin/packs/shadow", "{\"folders\": ["
          + JSON.getNodeFactory().textNode(candidate.toString()) + "], \"sample\": 0.5}").statusCode());
      HttpResponse<String> stopped = admin(gw, "DELETE", "/admin/packs/shadow", null);
      assertEquals(200, stopped.statusCode());
      assertEquals(0.5, json(stopped).path("sample").asDouble());
      assertFalse(json(stopped).path("active").asBoolean());
      assertTrue(json(stopped).path("report").has("compared"));
    }
  }
}
