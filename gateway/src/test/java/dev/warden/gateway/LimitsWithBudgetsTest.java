package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.testing.MockUpstream;
import dev.warden.gateway.testing.SharedStores;
import dev.warden.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request's rate limits and its budget reservation are taken at once; when one refuses, what
 * the other took is given back: a 429 leaves no reservation holding the budget, a 402 leaves no
 * tokens taken from the limits.
 */
class LimitsWithBudgetsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ONCE = "wk-test-once-0123456789";
  static final String POOR = "wk-test-poor-0123456789";
  static final String READER = "wk-test-reader-0123456789";
  static MockUpstream mock;
  static TestGateway gw;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    mock = MockUpstream.start();
    gw = TestGateway.start(dir, TestGateway.config(TestGateway.testPacks(), """
        budgets:
          - {scope: user, subject: olga, amount_usd: 1, period: monthly, cap_percent: 100}
          - {scope: user, subject: pat, amount_usd: 0.001, period: monthly, cap_percent: 100}
          - {scope: user, subject: rita, amount_usd: 1, period: monthly}
        """).replace("keys:\n", """
        keys:
          - {id: once, key: %s, user: olga, team: ops, limits: {requests_per_minute: 1}}
          - {id: poor, key: %s, user: pat, team: ops, limits: {tokens_per_minute: 10000}}
          - {id: reader, key: %s, user: rita, team: ops}
        """.formatted(ONCE, POOR, READER)), mock);
  }

  @AfterAll
  static void stop() {
    gw.close();
    mock.close();
  }

  static long scalar(String sql) throws Exception {
    gw.gateway().meter().settled();
    try (Connection c = gw.gateway().store().data().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  static String chat(int maxTokens) {
    return "{\"model\":\"small-us\",\"max_tokens\":" + maxTokens
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
  }

  static JsonNode budget(String subject) throws Exception {
    for (JsonNode b : JSON.readTree(gw.get("/admin/budgets", TestGateway.ADMIN).body()).path("budgets")) {
      if (b.path("subject").asText().equals(subject)) {
        return b;
      }
    }
    throw new AssertionError("no budget of " + subject);
  }

  @Test
  void aRequestTheRateLimitRefusesHoldsNothingOfItsBudget() throws Exception {
    assertEquals(200, gw.post("/v1/chat/completions", ONCE, chat(50)).statusCode());
    HttpResponse<String> refused = gw.post("/v1/chat/completions", ONCE, chat(50));
    assertEquals(429, refused.statusCode(), refused.body());
    assertEquals(0, scalar("SELECT COUNT(*) FROM warden_reservations WHERE user_name = 'olga'"));
    assertEquals(1, scalar("SELECT COUNT(*) FROM warden_spend WHERE user_name = 'olga'"));
    assertEquals(0, budget("olga").path("reserved_usd").decimalValue().signum(), budget("olga").toString());
  }

  @Test
  void aRequestTheBudgetRefusesTakesNoTokensFromTheLimits() throws Exception {
    // 7000 output tokens at $0.2/M: $0.0014, past the $0.001 cap
    HttpResponse<String> refused = gw.post("/v1/chat/completions", POOR, chat(7000));
    assertEquals(402, refused.statusCode(), refused.body());
    HttpResponse<String> served = gw.post("/v1/chat/completions", POOR, chat(10));
    assertEquals(200, served.statusCode(), served.body());
    long remaining = Long.parseLong(served.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
    assertTrue(remaining > 9000, "the refused request's 7000 tokens were given back: " + remaining + " remain");
    assertEquals(0, scalar("SELECT COUNT(*) FROM warden_reservations WHERE user_name = 'pat'"));
  }

  /** Settled after its answer, a call is still in the reports asked for right after it (read your writes). */
  @Test
  void anAnsweredCallIsInTheSpendReportAndTheBudgetAskedForRightAfter() throws Exception {
    for (int i = 1; i <= 5; i++) {
      assertEquals(200, gw.post("/v1/chat/completions", READER, chat(20)).statusCode());
      JsonNode rita = null;
      for (JsonNode row : JSON.readTree(gw.get("/admin/spend?group_by=user", TestGateway.ADMIN).body()).path("rows")) {
        if (row.path("group").asText().equals("rita")) {
          rita = row;
        }
      }
      assertTrue(rita != null && rita.path("requests").asLong() == i, "call " + i + ": " + rita);
      JsonNode budget = budget("rita");
      assertEquals(0, budget.path("spent_usd").decimalValue().compareTo(new java.math.BigDecimal(rita.path("cost_usd").asText())),
          budget + " vs " + rita);
    }
  }

  /**
   * A settlement held up in the store (a row lock another transaction holds for 300 ms): the
   * answer does not wait for it, the spend report asked for right after the answer does.
   */
  @Test
  void aReportWaitsForASettlementTheStoreHoldsUp() throws Exception {
    assertEquals(200, gw.post("/v1/chat/completions", READER, chat(20)).statusCode());
    long before = requests("rita");
    try (Connection lock = gw.gateway().store().data().getConnection()) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        assertEquals(1, s.executeUpdate("UPDATE warden_budget_usage SET spent_nanousd = spent_nanousd"
            + " WHERE scope = 'user' AND subject = 'rita'"));
      }
      long t0 = System.nanoTime();
      assertEquals(200, gw.post("/v1/chat/completions", READER, chat(20)).statusCode());
      long answered = System.nanoTime() - t0;
      Thread release = SharedStores.commitLater(lock, 300);
      assertEquals(before + 1, requests("rita"), "the report includes the call answered before it");
      release.join();
      assertTrue(answered < 300_000_000L, "the answer did not wait for the settlement: " + answered / 1_000_000 + " ms");
    }
  }

  static long requests(String user) throws Exception {
    for (JsonNode row : JSON.readTree(gw.get("/admin/spend?group_by=user", TestGateway.ADMIN).body()).path("rows")) {
      if (row.path("group").asText().equals(user)) {
        return row.path("requests").asLong();
      }
    }
    return 0;
  }
}
