package dev.warden.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.gateway.api.ApiError;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An upstream's Retry-After is read, passed on to the caller, and kept the gateway from retrying too soon. */
class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  @Test
  void secondsMillisecondsAndHttpDatesAreRead() {
    assertEquals(Optional.of(Duration.ofSeconds(30)), RetryAfter.parse(null, "30", NOW));
    assertEquals(Optional.of(Duration.ofMillis(150)), RetryAfter.parse("150", "1", NOW), "retry-after-ms wins");
    assertEquals(Optional.of(Duration.ofSeconds(1)), RetryAfter.parse("soon", "1", NOW), "a bad ms falls back");
    assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse(null, "Sun, 06 Dec 2026 12:01:30 GMT", NOW));
  }

  @Test
  void nonsensePastAndHugeValuesAreNotAWait() {
    for (String bad : new String[] {"", " ", "-5", "1.5", "tomorrow", "99999999999999999999", "172800",
        "Sun, 06 Dec 2026 11:59:00 GMT", "x".repeat(10_000)}) {
      assertEquals(Optional.empty(), RetryAfter.parse(null, bad, NOW), bad.length() > 40 ? "long" : bad);
    }
    assertEquals(Optional.empty(), RetryAfter.parse(null, null, NOW));
  }

  @Test
  void theCallerGetsTheUpstreamsWaitInWholeSeconds() {
    ApiError e = Upstreams.toApiError(UpstreamException.ofStatus(429, "slow down", Optional.of(Duration.ofSeconds(30))));
    assertEquals(429, e.status());
    assertEquals(Optional.of("30"), e.retryAfter());
    assertEquals(Optional.of("1"), Upstreams.toApiError(
        UpstreamException.ofStatus(429, "slow down", Optional.of(Duration.ofMillis(150)))).retryAfter());
    assertEquals(Optional.of("3"), Upstreams.toApiError(
        UpstreamException.ofStatus(429, "slow down", Optional.of(Duration.ofMillis(2001)))).retryAfter());
    assertEquals(Optional.of("1"), Upstreams.toApiError(UpstreamException.ofStatus(429, "slow down", Optional.empty()))
        .retryAfter());
  }

  @Test
  void anOpenAiCompatibleUpstreamsRetryAfterReachesTheException() throws Exception {
    try (ScriptedUpstream upstream = new ScriptedUpstream((r, out) -> {
      answer429(out, 30);
      return true;
    })) {
      OpenAiProvider p = UpstreamHttpTest.provider(upstream, Map.of());
      UpstreamException e = assertThrows(UpstreamException.class,
          () -> p.complete(UpstreamHttpTest.chat("x"), Duration.ofSeconds(2)));
      assertEquals(429, e.status());
      assertEquals(Optional.of(Duration.ofSeconds(30)), e.retryAfter());
    }
  }

  @Test
  void aLongWaitIsNotSleptThroughAndAShortOneIsHonoured(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    // 30 s is longer than a request waits between retries (2 s): the next candidate serves at once
    Upstreams.Served<?> served = failover(dir, 30);
    assertEquals("b", served.model());
    assertEquals(1, served.attempts().size() - 1, "a was tried once, not retried: " + served.attempts());
    // 1 s is waited before each of the 3 retries, then the next candidate serves
    served = failover(dir, 1);
    assertEquals("b", served.model());
    assertEquals(4, served.attempts().size() - 1, served.attempts().toString());
  }

  private static java.util.List<Duration> slept;

  private static Upstreams.Served<?> failover(java.nio.file.Path dir, int retryAfterSeconds) throws Exception {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    try (ScriptedUpstream limited = new ScriptedUpstream((r, out) -> {
      calls.incrementAndGet();
      answer429(out, retryAfterSeconds);
      return true;
    }); ScriptedUpstream fine = new ScriptedUpstream((r, out) -> {
      ScriptedUpstream.write(out, 200, "application/json", "{\"id\":\"c\",\"object\":\"chat.completion\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
          + "\"finish_reason\":\"stop\"}]}");
      return true;
    })) {
      java.nio.file.Path yaml = dir.resolve("gateway.yaml");
      java.nio.file.Files.writeString(yaml, """
          providers:
            limited: {type: openai, base_url: "%s", api_key: k, retries: 3}
            fine: {type: openai, base_url: "%s", api_key: k}
          models:
            - {name: a, provider: limited, region: us, tier: small, input_price: 1, output_price: 1, context: 1000, fallbacks: [b]}
            - {name: b, provider: fine, region: us, tier: small, input_price: 1, output_price: 1, context: 1000}
          keys: []
          """.formatted(limited.baseUrl(), fine.baseUrl()));
      dev.warden.gateway.config.GatewayConfig cfg = new dev.warden.gateway.config.ConfigLoader(
          dev.warden.gateway.config.Env.of(Map.of()), dir).load(yaml);
      Map<String, dev.warden.gateway.config.GatewayConfig.ModelConfig> byName = new java.util.LinkedHashMap<>();
      cfg.models().forEach(m -> byName.put(m.spec().name(), m));
      slept = new java.util.concurrent.CopyOnWriteArrayList<>();
      Upstreams upstreams = new Upstreams(Providers.of(cfg.providers(), dev.warden.engine.text.TokenCounter.cl100k(),
          c -> {
            throw new IllegalStateException("no anthropic here");
          }), byName, slept::add);
      var served = upstreams.complete(java.util.List.of("a", "b"), m -> UpstreamHttpTest.chat("x"));
      if (retryAfterSeconds > 2) {
        assertEquals(1, calls.get());
        assertEquals(java.util.List.of(), slept);
      } else {
        assertEquals(4, calls.get());
        assertEquals(3, slept.size());
        slept.forEach(d -> assertTrue(d.compareTo(Duration.ofSeconds(retryAfterSeconds)) >= 0, d.toString()));
      }
      return served;
    }
  }

  private static void answer429(OutputStream out, int seconds) throws java.io.IOException {
    byte[] b = "{\"error\":{\"message\":\"rate limited\"}}".getBytes(StandardCharsets.UTF_8);
    out.write(("HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\nretry-after: " + seconds
        + "\r\ncontent-length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(b);
    out.flush();
  }
}
