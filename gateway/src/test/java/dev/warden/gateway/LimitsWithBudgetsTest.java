package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.testing.MockUpstream;
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
  static MockUpstream mock;
  static TestGateway gw;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    mock = MockUpstream.start();
    gw = TestGateway.start(dir, TestGateway.config(TestGateway.testPacks(), """
        budgets:
          - {scope: user, subject: olga, amount_usd: 1, period: monthly, cap_percent: 100}
          - {scope: user, subject: pat, amount_usd: 0.001, period: monthly, cap_percent: 100}
        """).replace("keys:\n", """
        keys:
          - {id: once, key: %s, user: olga, team: ops, limits: {requests_per_minute: 1}}
          - {id: poor, key: %s, user: pat, team: ops, limits: {tokens_per_minute: 10000}}
        """.formatted(ONCE, POOR)), mock);
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
}
