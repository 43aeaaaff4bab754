package dev.warden.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The gateway's audit log, metrics and traces, as configured ({@code audit:}, {@code metrics:}
 * and {@code tracing:} in the YAML; see docs/audit.md).
 */
public record Observability(Audit audit, Metrics metrics, Tracing tracing) {
  public Observability {
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(tracing, "tracing");
  }

  /** How records reach the disk: not at all, handed to the OS within 100 ms, or forced to disk before the answer. */
  public enum Durability { OFF, ASYNC, SYNC }

  /**
   * The audit log: its folder, durability, queue, rotation (size, age), retention, what happens
   * when it cannot be written ({@code failClosed}: refuse requests with 503), the seal key
   * (absent: generated and kept in the folder), the periodic fsync of async mode (zero: never),
   * how long a sync request waits for its record, the most an async record may wait for the
   * writer, whether redacted content is also cleaned of the baseline entity types, and the
   * exporters.
   */
  public record Audit(Durability mode, Path dir, int queue, long segmentBytes, Duration rotateAfter,
      Optional<Duration> retention, boolean failClosed, Optional<byte[]> sealKey, Duration fsyncInterval,
      Duration syncTimeout, Duration maxLag, boolean redactBaseline, Exporters exporters) {
    public Audit {
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(rotateAfter, "rotateAfter");
      Objects.requireNonNull(retention, "retention");
      Objects.requireNonNull(sealKey, "sealKey");
      Objects.requireNonNull(exporters, "exporters");
    }
  }

  /** Where records are copied besides the local log. */
  public record Exporters(Optional<Hec> hec, Optional<Syslog> syslog, Optional<Postgres> postgres) {
    public static final Exporters NONE = new Exporters(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** A Splunk HTTP Event Collector (or compatible) endpoint. */
  public record Hec(URI url, String token, String index, String sourcetype, int batch, Duration flushEvery,
      int backlog, Duration timeout) {}

  /** An RFC 5424 syslog receiver over TCP (octet-counting framing, RFC 6587). */
  public record Syslog(String host, int port, int facility, String appName, int backlog) {}

  /** A PostgreSQL database the records are also inserted into (its own schema and migrations). */
  public record Postgres(String url, String user, String password, String schema, int batch, int backlog) {}

  /**
   * {@code GET /metrics}: whether it needs the admin token (Prometheus scrapers usually send
   * none, so by default it does not; it carries no request content), and whether token and
   * request counters also get a {@code key} label (the configured key ids: bounded).
   */
  public record Metrics(boolean enabled, boolean requireAdmin, boolean perKey) {}

  /** Traces: off, or exported over OTLP/HTTP to {@code endpoint}, sampled at {@code ratio}. */
  public record Tracing(boolean enabled, URI endpoint, String serviceName, double ratio) {}
}
