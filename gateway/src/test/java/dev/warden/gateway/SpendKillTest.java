package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.gateway.store.Redis;
import dev.warden.gateway.testing.SharedStores;
import dev.warden.gateway.testing.GatewayMain;
import dev.warden.gateway.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a replica under load on PostgreSQL + Redis: every request it answered is
 * charged, and no settled spend is lost. A call is settled just after its answer leaves; one the
 * kill caught in between left its reservation, which another replica charges at its estimate
 * once it expires, as it does the calls that were in flight. Afterwards every answered call has
 * its spend row and the budget's usage equals the sum of the spend rows to the nano-USD.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SpendKillTest {
  static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
  final String schema = "warden_spend_kill_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100_000;
  final String prefix = "warden-test-kill:" + schema + ":";

  @TempDir
  Path dir;

  String config() {
    return TestGateway.config(TestGateway.testPacks(), """
        audit: {mode: off}
        store: {url: "%s", user: postgres, pool: 8, schema: %s}
        redis: {url: "redis://127.0.0.1:6379", prefix: "%s"}
        finance: {reservation_ttl: 10s}
        budgets:
          - {scope: team, subject: eng, amount_usd: 1000, period: monthly, cap_percent: 100}
        """.formatted(PG, schema, prefix));
  }

  @Test
  void killingAReplicaMidLoadLosesNoSettledSpend() throws Exception {
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, config());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        GatewayMain.class.getName(), config.toString()).redirectErrorStream(true).start();
    Set<String> answered = ConcurrentHashMap.newKeySet();
    try {
      int port = KillTest.port(p);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService clients = Executors.newFixedThreadPool(16);
      for (int c = 0; c < 16; c++) {
        int client = c;
        clients.submit(() -> {
          for (int i = 0; !stop.get(); i++) {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                .header("authorization", "Bearer " + TestGateway.KEY)
                .POST(HttpRequest.BodyPublishers.ofString(TestGateway.chat("echo-us", "client " + client + " asks " + i)))
                .build();
            try {
              HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() == 200) {
                answered.add(r.headers().firstValue("x-warden-request-id").orElseThrow());
              }
            } catch (Exception e) {
              // the kill: requests in flight fail
            }
          }
        });
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (answered.size() < 200 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(300);
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
      stop.set(true);
      clients.shutdown();
      clients.awaitTermination(30, TimeUnit.SECONDS);
    } finally {
      p.destroyForcibly();
    }
    assertTrue(answered.size() >= 200, "load reached the replica: " + answered.size() + " answered");
    // another replica sweeps what the killed one left in flight, once it has expired
    try (TestGateway other = TestGateway.start(Files.createDirectories(dir.resolve("other")), config(), null)) {
      long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (scalar("SELECT COUNT(*) FROM warden_reservations") > 0 && System.nanoTime() < until) {
        Thread.sleep(500);
      }
      assertEquals(0, scalar("SELECT COUNT(*) FROM warden_reservations"), "every reservation settled");
      assertTrue(other.gateway().store().reachable());
    }
    Set<String> spent = strings("SELECT request_id FROM warden_spend");
    Set<String> missing = new HashSet<>(answered);
    missing.removeAll(spent);
    assertTrue(missing.isEmpty(), missing.size() + " of " + answered.size() + " answered calls have no spend row");
    long expired = scalar("SELECT COUNT(*) FROM warden_spend WHERE outcome = 'expired'");
    System.out.printf("kill: %d answered, %d spend rows, %d charged at their estimate%n", answered.size(), spent.size(),
        expired);
    assertEquals(scalar("SELECT COALESCE(SUM(cost_nanousd), 0) FROM warden_spend"),
        scalar("SELECT COALESCE(SUM(spent_nanousd), 0) FROM warden_budget_usage WHERE scope = 'team'"),
        "the budget's usage is the sum of the spend rows");
    assertTrue(scalar("SELECT COUNT(*) FROM warden_spend") >= answered.size());
  }

  private Set<String> strings(String sql) throws Exception {
    Set<String> out = new HashSet<>();
    try (Connection c = DriverManager.getConnection(PG, "postgres", ""); Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + schema);
      try (ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private long scalar(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(PG, "postgres", ""); Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + schema);
      try (ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @AfterEach
  void clean() throws Exception {
    SharedStores.dropSchema(schema);
    SharedStores.deleteKeys(prefix);
  }
}
