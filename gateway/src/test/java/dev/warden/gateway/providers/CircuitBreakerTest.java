package dev.warden.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.testing.MockUpstream;
import dev.warden.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One circuit per upstream: opened by consecutive failures, then skipped, then tried again. */
class CircuitBreakerTest {
  final AtomicLong now = new AtomicLong();
  final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), now::get);

  @Test
  void opensAfterConsecutiveFailuresOnly() {
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    assertTrue(breaker.allow(), "a success in between resets the count");
    breaker.failure();
    assertTrue(breaker.isOpen());
    assertFalse(breaker.allow());
  }

  @Test
  void letsOneTrialThroughAfterTheCooldown() {
    for (int i = 0; i < 3; i++) {
      breaker.failure();
    }
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    assertFalse(breaker.allow());
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertTrue(breaker.allow(), "the trial");
    assertFalse(breaker.allow(), "only one trial at a time");
    breaker.failure();
    assertFalse(breaker.allow(), "a failed trial reopens the circuit");
    now.addAndGet(Duration.ofSeconds(11).toNanos());
    assertTrue(breaker.allow());
    breaker.success();
    assertFalse(breaker.isOpen());
    assertTrue(breaker.allow() && breaker.allow(), "closed again");
  }

  @Test
  void aGatewaySkipsAnUpstreamWhoseCircuitIsOpen(@TempDir Path dir) throws Exception {
    try (MockUpstream mock = MockUpstream.start();
        TestGateway gw = TestGateway.start(dir, TestGateway.config(TestGateway.testPacks(), ""), mock)) {
      // flaky-us always answers 500 and falls back to premium-us; with one retry each request
      // makes two failing calls, so the circuit opens during the third request
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("flaky-us", "hi"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("premium-us", r.headers().firstValue("x-warden-model").orElseThrow());
      }
      int failed = mock.calls("fail-500");
      assertEquals(Upstreams.BREAKER_THRESHOLD, failed);
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("flaky-us", "hi"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("premium-us", new ObjectMapper().readTree(r.body()).path("model").asText());
      }
      assertEquals(failed, mock.calls("fail-500"), "the open circuit is not called");
    }
  }
}
