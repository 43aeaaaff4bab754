package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.store.Redis;
import dev.warden.gateway.testing.MockUpstream;
import dev.warden.gateway.testing.TcpProxy;
import dev.warden.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate limits shared through the local Redis (under a prefix of this run's own, removed
 * afterwards): two gateway replicas with a limit of N requests per minute admit exactly N of 3N
 * concurrent requests between them; when Redis cannot be reached a gateway refuses with 503, or
 * serves without limits with {@code finance.fail_open}.
 */
@Timeout(120)
class RateLimitReplicasTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PREFIX = "warden-test:replicas:" + ProcessHandle.current().pid() + ":" + System.nanoTime() + ":";
  static final String LIMITED = "wk-test-replicas-0123456789";
  static final int N = 10;
  static MockUpstream mock;

  @BeforeAll
  static void start() {
    mock = MockUpstream.start();
  }

  @AfterAll
  static void stop() {
    mock.close();
    try (Redis r = Redis.connect("redis://127.0.0.1:6379", PREFIX)) {
      List<String> keys = r.strings().sync().keys(PREFIX + "*");
      if (!keys.isEmpty()) {
        r.strings().sync().del(keys.toArray(String[]::new));
      }
    }
  }

  static String config(int redisPort, String prefix, boolean failOpen) {
    return TestGateway.config(TestGateway.testPacks(), """
        redis: {url: "redis://127.0.0.1:%d", prefix: "%s"}
        finance: {fail_open: %s}
        """.formatted(redisPort, prefix, failOpen)).replace("keys:\n", """
        keys:
          - {id: replicated, key: %s, user: rita, team: ops, limits: {requests_per_minute: %d}}
        """.formatted(LIMITED, N));
  }

  static Path dir(Path root, String name) throws Exception {
    return Files.createDirectories(root.resolve(name));
  }

  @Test
  void twoReplicasOnOneRedisAdmitExactlyNOf3NConcurrentRequests(@TempDir Path root) throws Exception {
    String prefix = PREFIX + "exact:";
    try (TestGateway a = TestGateway.start(dir(root, "a"), config(6379, prefix, false), mock);
        TestGateway b = TestGateway.start(dir(root, "b"), config(6379, prefix, false), mock);
        ExecutorService pool = Executors.newFixedThreadPool(3 * N)) {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 3 * N; i++) {
        TestGateway g = i % 2 == 0 ? a : b;
        String text = "request " + i;
        answers.add(pool.submit(() -> g.post("/v1/chat/completions", LIMITED, TestGateway.chat("small-us", text))));
      }
      Map<Integer, Integer> byStatus = new TreeMap<>();
      for (Future<HttpResponse<String>> f : answers) {
        HttpResponse<String> r = f.get();
        byStatus.merge(r.statusCode(), 1, Integer::sum);
        if (r.statusCode() == 429) {
          JsonNode e = JSON.readTree(r.body()).path("error");
          assertEquals("rate_limit_exceeded", e.path("code").asText());
          assertEquals("0", r.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
        }
      }
      assertEquals(Map.of(200, N, 429, 2 * N), byStatus);
    }
  }

  @Test
  void redisUnreachableRefusesWith503UnlessFailingOpen(@TempDir Path root) throws Exception {
    String prefix = PREFIX + "down:";
    try (TcpProxy closedProxy = TcpProxy.to(6379);
        TcpProxy openProxy = TcpProxy.to(6379);
        TestGateway closed = TestGateway.start(dir(root, "closed"), config(closedProxy.port(), prefix, false), mock);
        TestGateway open = TestGateway.start(dir(root, "open"), config(openProxy.port(), prefix + "open:", true),
            mock)) {
      assertEquals(200, closed.post("/v1/chat/completions", LIMITED, TestGateway.chat("small-us", "up")).statusCode());
      closedProxy.cut();
      openProxy.cut();
      long t0 = System.nanoTime();
      HttpResponse<String> refused = closed.post("/v1/chat/completions", LIMITED, TestGateway.chat("small-us", "down"));
      assertEquals(503, refused.statusCode(), refused.body());
      JsonNode e = JSON.readTree(refused.body()).path("error");
      assertEquals("unavailable", e.path("code").asText());
      assertTrue(e.path("message").asText().contains("rate limits"), e.toString());
      assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "refused within the Redis timeout");
      HttpResponse<String> served = open.post("/v1/chat/completions", LIMITED, TestGateway.chat("small-us", "down"));
      assertEquals(200, served.statusCode(), served.body());
      assertEquals(null, served.headers().firstValue("x-ratelimit-limit-requests").orElse(null),
          "served without limits, so without their headers");
    }
  }
}
