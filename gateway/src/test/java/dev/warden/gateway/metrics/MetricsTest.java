package dev.warden.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.gateway.testing.MockUpstream;
import dev.warden.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} in Prometheus' text format, counting what requests did, with bounded labels. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MetricsTest {
  @TempDir
  Path dir;

  /** The value of the sample of {@code name} whose labels include every {@code label="value"} given. */
  static double sample(String metrics, String name, String... labels) {
    for (String line : metrics.lines().toList()) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      String head = line.substring(0, line.lastIndexOf(' '));
      if (Arrays.stream(labels).allMatch(head::contains)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError(name + " " + Arrays.toString(labels) + " not in:\n" + metrics);
  }

  @Test
  void requestsBlocksRedactionsTokensLatencyFailoversAndTheAuditQueue() throws Exception {
    try (MockUpstream mock = MockUpstream.start();
        TestGateway gw = TestGateway.start(dir, TestGateway.config(TestGateway.testPacks(), ""), mock)) {
      assertEquals(200, gw.post("/v1/chat/completions", TestGateway.KEY,
          TestGateway.chat("small-us", "My SSN is 536-22-8145")).statusCode());
      assertEquals(422, gw.post("/v1/chat/completions", TestGateway.KEY,
          TestGateway.chat("small-us", "password=Zq8#kLp2!vX9")).statusCode());
      assertEquals(200, gw.post("/v1/chat/completions", TestGateway.KEY,
          TestGateway.chat("flaky-us", "hello")).statusCode(), "flaky-us fails over to premium-us");
      // the async writer lets records gather for a few ms before it writes them: scrape once it has
      HttpResponse<String> r = gw.get("/metrics", null);
      for (long deadline = System.nanoTime() + 10_000_000_000L; System.nanoTime() < deadline
          && sample(r.body(), "warden_audit_records_written_total") < 3; ) {
        Thread.sleep(20);
        r = gw.get("/metrics", null);
      }
      assertEquals(200, r.statusCode(), "Prometheus scrapes without a token by default");
      assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain"), r.headers().toString());
      String m = r.body();
      assertTrue(sample(m, "warden_requests_total", "endpoint=\"chat\"", "outcome=\"served\"", "status=\"200\"") >= 2);
      assertEquals(1, sample(m, "warden_requests_total", "outcome=\"blocked\"", "status=\"422\""));
      assertEquals(1, sample(m, "warden_blocks_total", "rule=\"basic/no-secrets\"", "phase=\"request\""));
      assertEquals(1, sample(m, "warden_redactions_total", "entity=\"SSN\"", "rule=\"basic/mask-ssn\"",
          "phase=\"request\""));
      assertTrue(sample(m, "warden_detections_total", "entity=\"SSN\"", "phase=\"request\"") >= 1);
      assertTrue(sample(m, "warden_rule_fired_total", "rule=\"basic/mask-ssn\"", "mode=\"enforce\"") >= 1);
      assertTrue(sample(m, "warden_tokens_total", "team=\"eng\"", "model=\"small-us\"", "kind=\"prompt\"") > 0);
      assertTrue(sample(m, "warden_tokens_total", "team=\"eng\"", "model=\"small-us\"", "kind=\"completion\"") > 0);
      assertTrue(sample(m, "warden_gateway_overhead_seconds_count", "endpoint=\"chat\"") >= 3);
      assertTrue(sample(m, "warden_gateway_overhead_seconds_bucket", "endpoint=\"chat\"", "le=\"+Inf\"") >= 3);
      assertTrue(sample(m, "warden_audit_wait_seconds_count", "endpoint=\"chat\"") >= 3, "every request's wait");
      assertTrue(sample(m, "warden_audit_wait_seconds_sum", "endpoint=\"chat\"") > 0);
      assertTrue(sample(m, "warden_finance_wait_seconds_count", "endpoint=\"chat\"") >= 3, "budgets and limits too");
      assertTrue(m.contains("# TYPE warden_audit_fsync_seconds histogram"), "the disk's share of a sync wait");
      // and by phase: the phases every served request runs, with or without budgets
      for (String phase : List.of("budgets", "limits", "settle")) {
        assertTrue(sample(m, "warden_finance_phase_seconds_count", "phase=\"" + phase + "\"") >= 2, phase);
      }
      assertTrue(sample(m, "warden_finance_phase_seconds_bucket", "phase=\"limits\"", "le=\"0.0015\"") >= 0,
          "buckets fine enough around the 2 ms the issue allows");
      assertTrue(sample(m, "warden_upstream_seconds_count", "provider=\"mock\"", "model=\"small-us\"") >= 1);
      assertTrue(sample(m, "warden_upstream_errors_total", "model=\"flaky-us\"", "status=\"500\"") >= 1);
      assertEquals(1, sample(m, "warden_failovers_total", "from=\"flaky-us\"", "to=\"premium-us\""));
      assertEquals(1, sample(m, "warden_pack_reloads_total"));
      assertEquals(0, sample(m, "warden_pack_reload_failures_total"));
      assertEquals(1, sample(m, "warden_pack_revision_info", "revision=\""));
      assertEquals(0, sample(m, "warden_audit_queue_depth"), "the writer keeps up");
      assertTrue(sample(m, "warden_audit_records_written_total") >= 3);
      assertEquals(1, sample(m, "warden_audit_writable"));
      assertTrue(m.contains("jvm_memory_used_bytes"), "JVM metrics too");
      assertFalse(m.contains("req_"), "no request id is a label");
      assertFalse(m.contains("alice"), "no user is a label");
      // OpenMetrics when the scraper asks for it
      HttpResponse<String> om = gw.send(java.net.http.HttpRequest.newBuilder(gw.uri("/metrics"))
          .header("accept", "application/openmetrics-text; version=1.0.0").GET().build());
      assertTrue(om.headers().firstValue("content-type").orElse("").startsWith("application/openmetrics-text"));
      assertTrue(om.body().endsWith("# EOF\n"));
    }
  }

  @Test
  void aLogThatDidNotVerifyAtStartShowsInTheMetrics() throws Exception {
    String yaml = TestGateway.config(TestGateway.testPacks(), "");
    try (TestGateway gw = TestGateway.start(dir, yaml, null)) {
      assertEquals(1, sample(gw.get("/metrics", null).body(), "warden_audit_start_verified"), "a new folder");
      assertEquals(200, gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("echo-us", "hello"))
          .statusCode());
    }
    // the record edited in place while the gateway was stopped
    Path first = dir.resolve("audit").resolve("segment-00000001.jsonl");
    Files.writeString(first, Files.readString(first).replace("\"status\":200", "\"status\":201"));
    try (TestGateway gw = TestGateway.start(dir, yaml, null)) {
      assertEquals(0, sample(gw.get("/metrics", null).body(), "warden_audit_start_verified"));
      assertEquals(200, gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("echo-us", "still served"))
          .statusCode(), "a changed log is reported, not a reason to refuse requests");
    }
    try (TestGateway gw = TestGateway.start(dir, yaml, null)) {
      assertEquals(1, sample(gw.get("/metrics", null).body(), "warden_audit_start_verified"),
          "the next run continues from the segment the last one wrote, which verifies");
    }
  }

  @Test
  void metricsCanBeTurnedOff() throws Exception {
    try (TestGateway gw = TestGateway.start(dir, TestGateway.config(TestGateway.testPacks(),
        "metrics: {enabled: false}"), null)) {
      assertEquals(404, gw.get("/metrics", null).statusCode());
    }
  }

  @Test
  void metricsCanRequireTheAdminToken() throws Exception {
    try (TestGateway gw = TestGateway.start(dir, TestGateway.config(TestGateway.testPacks(),
        "metrics: {auth: admin, per_key: true}"), null)) {
      assertEquals(401, gw.get("/metrics", null).statusCode());
      assertEquals(401, gw.get("/metrics", TestGateway.KEY).statusCode());
      assertEquals(200, gw.get("/metrics", TestGateway.ADMIN).statusCode());
    }
  }
}
