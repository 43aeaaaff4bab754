package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liveness and readiness: ready only while the packs are loaded and the audit log can be
 * written; a log that cannot be written refuses requests (fail closed) and the gateway is not
 * ready until it can write again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HealthTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void readyOnlyWhileTheAuditLogCanBeWritten() throws Exception {
    Path audit = dir.resolve("audit");
    try (TestGateway gw = TestGateway.start(dir, TestGateway.config(TestGateway.testPacks(),
        "audit: {mode: sync, dir: " + audit + ", segment_bytes: 4096}"), null)) {
      HttpResponse<String> live = gw.get("/health/live", null);
      assertEquals(200, live.statusCode());
      assertEquals("alive", JSON.readTree(live.body()).path("status").asText());
      JsonNode ready = JSON.readTree(gw.get("/health/ready", null).body());
      assertEquals("ok", ready.path("status").asText());
      assertEquals("ok", ready.path("checks").path("audit").asText());
      assertEquals("ok", ready.path("checks").path("packs").asText());
      assertEquals(200, gw.get("/health", null).statusCode(), "/health still answers as before");

      // the next segment cannot be created: the log is full after a few records
      Path blocker = audit.resolve("segment-00000002.jsonl");
      Files.createSymbolicLink(blocker, Path.of("/dev/full"));
      HttpResponse<String> refused = null;
      for (int i = 0; i < 100 && refused == null; i++) {
        HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("echo-us", "hi " + i));
        if (r.statusCode() != 200) {
          refused = r;
        }
      }
      assertTrue(refused != null, "the gateway fails closed");
      assertEquals(503, refused.statusCode(), refused.body());
      assertEquals("audit_unavailable", JSON.readTree(refused.body()).path("error").path("code").asText());
      assertEquals("1", refused.headers().firstValue("retry-after").orElse(""));
      HttpResponse<String> notReady = gw.get("/health/ready", null);
      assertEquals(503, notReady.statusCode());
      assertTrue(JSON.readTree(notReady.body()).path("checks").path("audit").asText().contains("cannot be written"),
          notReady.body());
      assertEquals(200, gw.get("/health/live", null).statusCode(), "alive all the same");

      Files.delete(blocker);
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (gw.get("/health/ready", null).statusCode() != 200 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(200, gw.get("/health/ready", null).statusCode());
      assertEquals(200, gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("echo-us", "again"))
          .statusCode());
    }
  }
}
