package dev.warden.gateway.audit;

import dev.warden.engine.redact.Redactor;
import dev.warden.gateway.config.Observability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Audit logs for tests: configurations, a clock the test moves, records without a policy. */
final class AuditFixtures {
  static final byte[] KEY = "audit-test-seal-key-0123456789".getBytes(StandardCharsets.UTF_8);

  private AuditFixtures() {}

  static Observability.Audit config(Path dir, Observability.Durability mode) {
    return config(dir, mode, 64L << 20, Optional.empty(), 10_000);
  }

  static Observability.Audit config(Path dir, Observability.Durability mode, long segmentBytes,
      Optional<Duration> retention, int queue) {
    return new Observability.Audit(mode, dir, queue, segmentBytes, Duration.ofHours(1), retention, true,
        Optional.of(KEY), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(100), true,
        Observability.Exporters.NONE);
  }

  static AuditLog open(Observability.Audit config, Clock clock) throws java.io.IOException {
    return AuditLog.open(config, new AuditContent(new Redactor(KEY), true), clock, List.of());
  }

  /** A finished record of a request refused before the rules ran (no key, say). */
  static RequestRecord record(String id, int status) {
    RequestRecord r = new RequestRecord(id, Instant.parse("2026-11-23T10:00:00Z"), System.nanoTime(),
        "/v1/chat/completions");
    r.endpoint("chat");
    r.status(status);
    r.freeze(System.nanoTime());
    return r;
  }

  /** Waits until the writer has written everything queued. */
  static void settle(AuditLog log) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!log.idle() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

}
