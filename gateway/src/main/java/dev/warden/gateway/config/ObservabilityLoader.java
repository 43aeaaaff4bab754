package dev.warden.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code audit}, {@code metrics} and {@code tracing} sections of the configuration.
 * As everywhere in the configuration, a misspelt setting or a value that cannot work stops the
 * gateway at startup with the setting named.
 */
final class ObservabilityLoader {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb|kib|mib|gib)?");
  private final Env env;
  private final Path base;

  ObservabilityLoader(Env env, Path base) {
    this.env = env;
    this.base = base;
  }

  Observability read(JsonNode root) throws ConfigException {
    return new Observability(audit(root.path("audit")), metrics(root.path("metrics")), tracing(root.path("tracing")));
  }

  private Observability.Audit audit(JsonNode n) throws ConfigException {
    ConfigLoader.known(n, "audit.", Set.of("mode", "dir", "queue", "segment_bytes", "rotate_after", "retention",
        "on_failure", "seal_key", "fsync_interval", "sync_timeout", "max_lag", "redact_baseline", "exporters"));
    // YAML 1.1 reads a bare `off` as false
    String mode = n.path("mode").isBoolean() && !n.path("mode").booleanValue() ? "off"
        : str(n, "mode", "async").toLowerCase(Locale.ROOT);
    Observability.Durability durability = switch (mode) {
      case "off" -> Observability.Durability.OFF;
      case "async" -> Observability.Durability.ASYNC;
      case "sync" -> Observability.Durability.SYNC;
      default -> throw new ConfigException("audit.mode must be off, async or sync; got " + mode);
    };
    String failure = str(n, "on_failure", "fail_closed");
    if (!failure.equals("fail_closed") && !failure.equals("continue")) {
      throw new ConfigException("audit.on_failure must be fail_closed (refuse requests with 503 while the log cannot be"
          + " written) or continue; got " + failure);
    }
    String key = str(n, "seal_key", "");
    if (!key.isEmpty() && key.getBytes(StandardCharsets.UTF_8).length < 16) {
      throw new ConfigException("audit.seal_key must be at least 16 bytes (a random secret; keep it out of the file"
          + " with ${NAME})");
    }
    long segment = size(n, "segment_bytes", 64L << 20);
    if (segment < 4096) {
      throw new ConfigException("audit.segment_bytes must be at least 4096; got " + segment);
    }
    int queue = (int) whole(n, "queue", 10_000, 16, 10_000_000);
    Duration rotate = duration(n, "rotate_after", Duration.ofHours(1));
    if (rotate.isZero()) {
      throw new ConfigException("audit.rotate_after must be longer than 0");
    }
    Optional<Duration> retention = n.has("retention") && !str(n, "retention", "").isEmpty()
        ? Optional.of(duration(n, "retention", Duration.ZERO)) : Optional.empty();
    if (retention.isPresent() && retention.get().compareTo(Duration.ofMinutes(1)) < 0) {
      throw new ConfigException("audit.retention must be at least 1m (or left out: keep every segment)");
    }
    Duration maxLag = duration(n, "max_lag", Duration.ofMillis(100));
    if (maxLag.toMillis() < 1) {
      throw new ConfigException("audit.max_lag must be at least 1ms");
    }
    return new Observability.Audit(durability, path(str(n, "dir", "audit")), queue, segment, rotate, retention,
        failure.equals("fail_closed"), key.isEmpty() ? Optional.empty() : Optional.of(key.getBytes(StandardCharsets.UTF_8)),
        duration(n, "fsync_interval", Duration.ofSeconds(1)), duration(n, "sync_timeout", Duration.ofSeconds(5)), maxLag,
        bool(n, "redact_baseline", true), exporters(n.path("exporters")));
  }

  private Observability.Exporters exporters(JsonNode n) throws ConfigException {
    ConfigLoader.known(n, "audit.exporters.", Set.of("splunk_hec", "syslog", "postgres"));
    Optional<Observability.Hec> hec = Optional.empty();
    JsonNode h = n.path("splunk_hec");
    if (h.isObject()) {
      ConfigLoader.known(h, "audit.exporters.splunk_hec.", Set.of("url", "token", "index", "sourcetype", "batch",
          "flush_every", "backlog", "timeout"));
      hec = Optional.of(new Observability.Hec(uri(h, "url", "audit.exporters.splunk_hec.url"), str(h, "token", ""),
          str(h, "index", ""), str(h, "sourcetype", "warden:audit"), (int) whole(h, "batch", 100, 1, 10_000),
          duration(h, "flush_every", Duration.ofSeconds(1)), (int) whole(h, "backlog", 10_000, 1, 10_000_000),
          duration(h, "timeout", Duration.ofSeconds(10))));
    }
    Optional<Observability.Syslog> syslog = Optional.empty();
    JsonNode s = n.path("syslog");
    if (s.isObject()) {
      ConfigLoader.known(s, "audit.exporters.syslog.", Set.of("host", "port", "facility", "app_name", "backlog"));
      String host = str(s, "host", "");
      if (host.isEmpty()) {
        throw new ConfigException("audit.exporters.syslog.host is required");
      }
      syslog = Optional.of(new Observability.Syslog(host, (int) whole(s, "port", 601, 1, 65535),
          (int) whole(s, "facility", 13, 0, 23), str(s, "app_name", "warden"),
          (int) whole(s, "backlog", 10_000, 1, 10_000_000)));
    }
    Optional<Observability.Postgres> pg = Optional.empty();
    JsonNode p = n.path("postgres");
    if (p.isObject()) {
      ConfigLoader.known(p, "audit.exporters.postgres.", Set.of("url", "user", "password", "schema", "batch", "backlog"));
      String url = str(p, "url", "");
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new ConfigException("audit.exporters.postgres.url must be a jdbc:postgresql: URL; got \"" + url + "\"");
      }
      String schema = str(p, "schema", "warden_audit");
      if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
        throw new ConfigException("audit.exporters.postgres.schema must be a lower-case SQL name; got " + schema);
      }
      pg = Optional.of(new Observability.Postgres(url, str(p, "user", ""), str(p, "password", ""), schema,
          (int) whole(p, "batch", 200, 1, 10_000), (int) whole(p, "backlog", 10_000, 1, 10_000_000)));
    }
    return new Observability.Exporters(hec, syslog, pg);
  }

  private Observability.Metrics metrics(JsonNode n) throws ConfigException {
    ConfigLoader.known(n, "metrics.", Set.of("enabled", "auth", "per_key"));
    String auth = str(n, "auth", "none");
    if (!auth.equals("none") && !auth.equals("admin")) {
      throw new ConfigException("metrics.auth must be none (Prometheus scrapes without a token) or admin; got " + auth);
    }
    return new Observability.Metrics(bool(n, "enabled", true), auth.equals("admin"), bool(n, "per_key", false));
  }

  private Observability.Tracing tracing(JsonNode n) throws ConfigException {
    ConfigLoader.known(n, "tracing.", Set.of("exporter", "endpoint", "service_name", "sample_ratio"));
    String exporter = str(n, "exporter", "none");
    if (!exporter.equals("none") && !exporter.equals("otlp")) {
      throw new ConfigException("tracing.exporter must be none or otlp; got " + exporter);
    }
    double ratio = n.has("sample_ratio") ? number(n, "sample_ratio") : 1.0;
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new ConfigException("tracing.sample_ratio must be 0..1; got " + ratio);
    }
    URI endpoint = n.has("endpoint") ? uri(n, "endpoint", "tracing.endpoint")
        : URI.create("http://127.0.0.1:4318/v1/traces");
    return new Observability.Tracing(exporter.equals("otlp"), endpoint, str(n, "service_name", "warden"), ratio);
  }

  // ------------------------------------------------------------------ values

  private Path path(String raw) {
    Path p = Path.of(raw);
    return p.isAbsolute() ? p : base.resolve(p).normalize();
  }

  private String str(JsonNode n, String key, String dflt) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? dflt : env.substitute(v.asText());
  }

  private boolean bool(JsonNode n, String key, boolean dflt) throws ConfigException {
    String s = str(n, key, Boolean.toString(dflt)).toLowerCase(Locale.ROOT);
    return switch (s) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(key + " must be true or false; got " + s);
    };
  }

  private double number(JsonNode n, String key) throws ConfigException {
    String s = str(n, key, "");
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a number; got \"" + s + "\"");
    }
  }

  private long whole(JsonNode n, String key, long dflt, long min, long max) throws ConfigException {
    if (!n.has(key)) {
      return dflt;
    }
    double v = number(n, key);
    if (v != Math.rint(v) || v < min || v > max) {
      throw new ConfigException(key + " must be a whole number from " + min + " to " + max + "; got " + str(n, key, ""));
    }
    return (long) v;
  }

  /** {@code 500ms}, {@code 10s}, {@code 15m}, {@code 1h}, {@code 30d}, or a number of milliseconds. */
  Duration duration(JsonNode n, String key, Duration dflt) throws ConfigException {
    if (!n.has(key)) {
      return dflt;
    }
    String s = str(n, key, "").strip().toLowerCase(Locale.ROOT);
    if (s.matches("\\d+")) {
      return Duration.ofMillis(Long.parseLong(s));
    }
    Matcher m = DURATION.matcher(s);
    if (!m.matches() || m.group(1).length() > 12) {
      throw new ConfigException(key + " must be a duration such as 500ms, 10s, 15m, 1h or 30d; got \"" + s + "\"");
    }
    long v = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(v);
      case "s" -> Duration.ofSeconds(v);
      case "m" -> Duration.ofMinutes(v);
      case "h" -> Duration.ofHours(v);
      default -> Duration.ofDays(v);
    };
  }

  private long size(JsonNode n, String key, long dflt) throws ConfigException {
    if (!n.has(key)) {
      return dflt;
    }
    String s = str(n, key, "").strip().toLowerCase(Locale.ROOT);
    Matcher m = SIZE.matcher(s);
    if (!m.matches() || m.group(1).length() > 15) {
      throw new ConfigException(key + " must be a size such as 67108864, 64mb or 1gb; got \"" + s + "\"");
    }
    long v = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    long mult = switch (unit) {
      case "kb", "kib" -> 1L << 10;
      case "mb", "mib" -> 1L << 20;
      case "gb", "gib" -> 1L << 30;
      default -> 1;
    };
    return Math.multiplyExact(v, mult);
  }

  private URI uri(JsonNode n, String key, String name) throws ConfigException {
    String s = str(n, key, "");
    try {
      URI u = new URI(s);
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
        throw new ConfigException(name + " must be an http(s) URL; got \"" + s + "\"");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new ConfigException(name + " is not a URL: " + e.getMessage());
    }
  }
}
