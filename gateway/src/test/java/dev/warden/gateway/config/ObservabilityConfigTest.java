package dev.warden.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The audit, metrics and tracing sections: defaults, values, and an error naming each mistake. */
class ObservabilityConfigTest {
  static Observability load(String extra) throws ConfigException {
    return ConfigLoaderTest.load(ConfigLoaderTest.MINIMAL + extra, Map.of("SEAL", "a-seal-key-of-32-characters-ok!"))
        .observability();
  }

  @Test
  void withoutSectionsTheAuditLogIsAsyncInAuditAndMetricsAreOpenAndTracesOff() throws Exception {
    Observability o = load("");
    assertEquals(Observability.Durability.ASYNC, o.audit().mode());
    assertEquals(Path.of("/srv/warden/audit"), o.audit().dir());
    assertTrue(o.audit().failClosed());
    assertEquals(Duration.ofMillis(100), o.audit().maxLag());
    assertEquals(Duration.ofHours(1), o.audit().rotateAfter());
    assertEquals(64L << 20, o.audit().segmentBytes());
    assertTrue(o.audit().retention().isEmpty());
    assertTrue(o.audit().sealKey().isEmpty());
    assertTrue(o.metrics().enabled());
    assertFalse(o.metrics().requireAdmin());
    assertFalse(o.tracing().enabled());
  }

  @Test
  void aBareOffTurnsTheAuditLogOff() throws Exception {
    assertEquals(Observability.Durability.OFF, load("audit: {mode: off}").audit().mode());
    assertEquals(Observability.Durability.OFF, load("audit: {mode: \"off\"}").audit().mode());
  }

  @Test
  void everySettingIsRead() throws Exception {
    Observability o = load("""
        audit:
          mode: sync
          dir: /var/log/warden
          queue: 500
          segment_bytes: 16mb
          rotate_after: 15m
          retention: 90d
          on_failure: continue
          seal_key: ${SEAL}
          fsync_interval: 0
          sync_timeout: 2s
          max_lag: 50ms
          redact_baseline: false
          exporters:
            splunk_hec: {url: "https://splunk.example:8088/services/collector/event", token: t, batch: 50}
            syslog: {host: siem.example, port: 6514, facility: 10}
            postgres: {url: "jdbc:postgresql://db:5432/warden", user: w, schema: audit_copy}
        metrics: {auth: admin, per_key: true}
        tracing: {exporter: otlp, endpoint: "http://collector:4318/v1/traces", sample_ratio: 0.1, service_name: gw}
        """);
    Observability.Audit a = o.audit();
    assertEquals(Observability.Durability.SYNC, a.mode());
    assertEquals(Path.of("/var/log/warden"), a.dir());
    assertEquals(500, a.queue());
    assertEquals(16L << 20, a.segmentBytes());
    assertEquals(Duration.ofMinutes(15), a.rotateAfter());
    assertEquals(Optional.of(Duration.ofDays(90)), a.retention());
    assertFalse(a.failClosed());
    assertEquals("a-seal-key-of-32-characters-ok!", new String(a.sealKey().orElseThrow()));
    assertTrue(a.fsyncInterval().isZero());
    assertEquals(Duration.ofMillis(50), a.maxLag());
    assertFalse(a.redactBaseline());
    assertEquals(50, a.exporters().hec().orElseThrow().batch());
    assertEquals(URI.create("https://splunk.example:8088/services/collector/event"),
        a.exporters().hec().orElseThrow().url());
    assertEquals(6514, a.exporters().syslog().orElseThrow().port());
    assertEquals("audit_copy", a.exporters().postgres().orElseThrow().schema());
    assertTrue(o.metrics().requireAdmin());
    assertTrue(o.metrics().perKey());
    assertTrue(o.tracing().enabled());
    assertEquals(0.1, o.tracing().ratio());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "audit: {mode: fast}|audit.mode must be off, async or sync",
      "audit: {moed: sync}|unknown setting audit.moed (did you mean audit.mode?)",
      "audit: {seal_key: short}|audit.seal_key must be at least 16 bytes",
      "audit: {retention: 10s}|audit.retention must be at least 1m",
      "audit: {retention: forever}|retention must be a duration",
      "audit: {rotate_after: 0}|audit.rotate_after must be longer than 0",
      "audit: {segment_bytes: 12}|audit.segment_bytes must be at least 4096",
      "audit: {segment_bytes: lots}|segment_bytes must be a size",
      "audit: {queue: 3}|queue must be a whole number from 16",
      "audit: {on_failure: shrug}|audit.on_failure must be fail_closed",
      "audit: {max_lag: 0}|audit.max_lag must be at least 1ms",
      "audit: {exporters: {splunk: {}}}|unknown setting audit.exporters.splunk",
      "audit: {exporters: {splunk_hec: {url: 'ftp://x'}}}|splunk_hec.url must be an http(s) URL",
      "audit: {exporters: {syslog: {port: 514}}}|audit.exporters.syslog.host is required",
      "audit: {exporters: {syslog: {host: h, port: 70000}}}|port must be a whole number from 1 to 65535",
      "audit: {exporters: {postgres: {url: 'mysql://x'}}}|postgres.url must be a jdbc:postgresql: URL",
      "audit: {exporters: {postgres: {url: 'jdbc:postgresql://x/y', schema: 'a; DROP'}}}|schema must be a lower-case",
      "metrics: {auth: maybe}|metrics.auth must be none",
      "metrics: {enabled: sometimes}|enabled must be true or false",
      "tracing: {exporter: zipkin}|tracing.exporter must be none or otlp",
      "tracing: {sample_ratio: 2}|tracing.sample_ratio must be 0..1",
      "tracing: {exporter: otlp, endpoint: 'not a url'}|tracing.endpoint",
      "audti: {mode: sync}|unknown setting audti (did you mean audit?)"})
  void mistakesAreNamed(String yaml, String message) {
    String error = ConfigLoaderTest.error(ConfigLoaderTest.MINIMAL + yaml);
    assertTrue(error.contains(message), error);
  }
}
