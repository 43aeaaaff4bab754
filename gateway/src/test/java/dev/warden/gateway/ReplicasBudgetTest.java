package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.dsl.model.ModelSpec;
import dev.warden.gateway.audit.RequestRecord;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.finance.Reservation;
import dev.warden.gateway.store.Redis;
import dev.warden.gateway.testing.SharedStores;
import dev.warden.gateway.testing.MockUpstream;
import dev.warden.gateway.testing.TestGateway;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway replicas on the local PostgreSQL and Redis (CI starts both: .ci/run), each test
 * in its own PostgreSQL schema and Redis key prefix: a capped budget holds across both under
 * 200 concurrent requests, the ledger equals the spend rows to the nano-USD, a restart keeps
 * spend, a reservation a "crashed" replica left is settled once, and counters Redis lost are
 * rebuilt from SQL.
 */
class ReplicasBudgetTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
  /** A premium call: 10 prompt tokens x $2/M + 7 completion tokens x $8/M (the mock's usage). */
  static final long CALL = 76_000;
  /** 50 calls' worth; the cap is 100% of it. */
  static final long BUDGET = 50 * CALL;

  final String schema = "warden_b_replicas_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100_000;
  final String prefix = "warden-test-b:" + schema + ":";
  MockUpstream mock;
  Path dirA;
  Path dirB;
  TestGateway a;
  TestGateway b;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    mock = MockUpstream.start(Duration.ofMillis(40), 0);
    dirA = Files.createDirectories(dir.resolve("a"));
    dirB = Files.createDirectories(dir.resolve("b"));
    a = TestGateway.start(dirA, config(), mock);
    b = TestGateway.start(dirB, config(), mock);
  }

  String config() {
    return """
        server: {host: 127.0.0.1, port: 0, max_body_bytes: 65536}
        admin: {token: %s}
        packs: {folders: [%s], watch: false}
        policy: {hash_key: test-hash-key, time_zone: America/New_York}
        keys:
          - {id: us, key: %s, user: alice, team: eng, tenant: acme, app: tests, region: us}
        providers:
          mock: {type: openai, base_url: "${MOCK}", api_key: upstream-secret, timeout_ms: 5000, retries: 0}
        models:
          - {name: premium-us, provider: mock, upstream: fixed, region: us, tier: premium, input_price: 2, output_price: 8, context: 8000}
        store: {url: "%s", user: postgres, pool: 8, schema: %s}
        redis: {url: "redis://127.0.0.1:6379", prefix: "%s"}
        finance: {reservation_ttl: 10s}
        budgets:
          - {scope: user, subject: alice, amount_usd: %s, period: daily, cap_percent: 100}
        """.formatted(TestGateway.ADMIN, Path.of("../rule-packs/budget-guard").toAbsolutePath().normalize(),
        TestGateway.KEY, PG, schema, prefix, new BigDecimal(BUDGET).movePointLeft(9).toPlainString());
  }

  @AfterEach
  void stop() throws Exception {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    mock.close();
    SharedStores.dropSchema(schema);
    SharedStores.deleteKeys(prefix);
  }

  long scalar(String sql) throws Exception {
    for (TestGateway g : new TestGateway[] {a, b}) {
      if (g != null) {
        g.gateway().meter().settled(); // settlements are written just after their answer
      }
    }
    try (Connection c = a.gateway().store().data().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  static String call() {
    return "{\"model\":\"premium-us\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }

  @Test
  void aCappedBudgetHoldsAcrossTwoReplicasUnder200ConcurrentRequests() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<Future<Integer>> calls = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        TestGateway g = i % 2 == 0 ? a : b;
        calls.add(pool.submit(() -> g.post("/v1/chat/completions", TestGateway.KEY, call()).statusCode()));
      }
      int ok = 0;
      int refused = 0;
      for (Future<Integer> f : calls) {
        int status = f.get();
        if (status == 200) {
          ok++;
        } else if (status == 402) {
          refused++;
        } else {
          throw new AssertionError("unexpected status " + status);
        }
      }
      assertEquals(200, ok + refused);
      long spent = scalar("SELECT SUM(cost_nanousd) FROM warden_spend");
      assertTrue(spent <= BUDGET + CALL, "spent " + spent + " of " + BUDGET);
      assertTrue(ok >= 25, "served " + ok);
      assertEquals(ok, scalar("SELECT COUNT(*) FROM warden_spend"));
      assertEquals(spent, scalar("SELECT SUM(spent_nanousd) FROM warden_budget_usage WHERE scope = 'user'"));
      assertEquals(0, scalar("SELECT COUNT(*) FROM warden_reservations"));
      System.out.printf("replicas: %d served, %d refused, spent %d of %d nano-USD%n", ok, refused, spent, BUDGET);

      // a restart of a replica keeps the spend: the budget as it reports it equals the ledger
      a.close();
      a = TestGateway.start(dirA, config(), mock);
      JsonNode budget = JSON.readTree(a.get("/admin/budgets", TestGateway.ADMIN).body()).path("budgets").get(0);
      assertEquals(0, budget.path("spent_usd").decimalValue().compareTo(new BigDecimal(spent).movePointLeft(9)),
          budget.toString());

      // Redis forgets the counters: they are rebuilt from SQL, and the budget still holds
      try (Redis r = Redis.connect("redis://127.0.0.1:6379", prefix)) {
        List<String> keys = r.strings().sync().keys(prefix + "*");
        assertTrue(!keys.isEmpty());
        r.strings().sync().del(keys.toArray(String[]::new));
        // the rest of the budget is served until a call no longer fits, on either replica
        // each call settled before the next (GET /admin/budgets waits for this replica's settlements):
        // a call whose settlement is still in flight holds its worst case, and the next call can be
        // refused for it although the call after that, on the other replica, fits once it settles
        // (as many calls as the whole budget fits, at most: the first part may have left room for
        // many, since refusals near the cap under load can stop it well before the budget is spent)
        int status = 200;
        int more = 0;
        for (int i = 0; i <= BUDGET / CALL && status == 200; i++) {
          status = a.post("/v1/chat/completions", TestGateway.KEY, call()).statusCode();
          more += status == 200 ? 1 : 0;
          assertEquals(200, a.get("/admin/budgets", TestGateway.ADMIN).statusCode());
        }
        assertEquals(402, status, "after " + more + " more calls served");
        assertTrue(ok + more <= BUDGET / CALL, ok + " + " + more + " calls served");
        HttpResponse<String> refusedNow = b.post("/v1/chat/completions", TestGateway.KEY, call());
        assertEquals(402, refusedNow.statusCode(), refusedNow.body());
        assertTrue(scalar("SELECT SUM(cost_nanousd) FROM warden_spend") <= BUDGET);
        String counter = r.strings().sync().keys(prefix + "budget:user:alice:*").getFirst();
        assertEquals(scalar("SELECT SUM(cost_nanousd) FROM warden_spend"),
            Long.parseLong(r.strings().sync().hget(counter, "spent")));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aReservationACrashedReplicaLeftIsSettledOnceAtItsAmount() throws Exception {
    GatewayConfig.KeyConfig alice = a.gateway().config().keys().getFirst();
    ModelSpec premium = a.gateway().config().models().getFirst().spec();
    // replica b reserves, then "crashes" before the call ends: its reservation stays behind
    Reservation left = b.gateway().meter().reserve("req-crashed", alice, 1000, OptionalInt.of(100), List.of(premium),
        new RequestRecord("req-crashed", Instant.now(), System.nanoTime(), "/v1/chat/completions"));
    b.close();
    b = null;
    assertEquals(1, scalar("SELECT COUNT(*) FROM warden_reservations"));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (scalar("SELECT COUNT(*) FROM warden_reservations") > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    // replica a's sweeper charged it, once, at its amount
    assertEquals(0, scalar("SELECT COUNT(*) FROM warden_reservations"));
    assertEquals(1, scalar("SELECT COUNT(*) FROM warden_spend WHERE request_id = 'req-crashed' AND outcome = 'expired'"));
    assertEquals(left.amountNanos(), scalar("SELECT SUM(spent_nanousd) FROM warden_budget_usage WHERE scope = 'user'"));
    // and gave it back to the shared counters: the rest of the budget is usable
    try (Redis r = Redis.connect("redis://127.0.0.1:6379", prefix)) {
      String counter = r.strings().sync().keys(prefix + "budget:user:alice:*").getFirst();
      assertEquals("0", r.strings().sync().hget(counter, "reserved"));
      assertEquals(Long.toString(left.amountNanos()), r.strings().sync().hget(counter, "spent"));
    }
    assertEquals(200, a.post("/v1/chat/completions", TestGateway.KEY, call()).statusCode());
  }
}
