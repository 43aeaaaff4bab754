package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.testing.MockUpstream;
import dev.warden.gateway.testing.TestGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budgets through the gateway on the embedded store: the shipped budget-guard pack end to end
 * (warning at 80%, a smaller model at 100%, the tenant refused at 120%), a capped budget
 * refusing with 402 before the call, streams metered with and without the provider's usage,
 * and the admin API with hostile input.
 */
class BudgetsApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String OTHER = "wk-test-other-0123456789";
  static MockUpstream mock;
  static TestGateway gw;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    mock = MockUpstream.start();
    String pack = Path.of("../rule-packs/budget-guard").toAbsolutePath().normalize().toString();
    gw = TestGateway.start(dir, """
        server: {host: 127.0.0.1, port: 0, max_body_bytes: 65536}
        admin: {token: %s}
        packs: {folders: [%s], watch: false}
        policy: {hash_key: test-hash-key, time_zone: Europe/Paris}
        keys:
          - {id: us, key: %s, user: alice, team: eng, tenant: acme, app: tests, region: us}
          - {id: other, key: %s, user: bob, team: ops, tenant: globex, app: tests, region: us}
        providers:
          mock: {type: openai, base_url: "${MOCK}", api_key: upstream-secret, timeout_ms: 3000, retries: 0}
        models:
          - {name: premium-us, provider: mock, upstream: fixed, region: us, tier: premium, input_price: 2, output_price: 8, context: 8000}
          - {name: gpt-4o-mini, provider: mock, upstream: parrot, region: us, tier: small, input_price: 1, output_price: 2, context: 8000}
          - {name: fail-us, provider: mock, upstream: fail-500, region: us, tier: small, input_price: 1, output_price: 2, context: 8000}
          - {name: stall-us, provider: mock, upstream: stall, region: us, tier: small, input_price: 1, output_price: 2, context: 8000}
        budgets:
          - {scope: team, subject: eng, amount_usd: 0.0004, period: monthly}
          - {scope: tenant, subject: acme, amount_usd: 0.0004, period: monthly}
        """.formatted(TestGateway.ADMIN, pack, TestGateway.KEY, OTHER), mock);
  }

  @AfterAll
  static void stop() {
    gw.close();
    mock.close();
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  static long scalar(String sql) throws Exception {
    gw.gateway().meter().settled(); // settlements are written just after their answer
    try (Connection c = gw.gateway().store().data().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  HttpResponse<String> admin(String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri(path)).timeout(Duration.ofSeconds(20))
        .header("authorization", "Bearer " + TestGateway.ADMIN).header("content-type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    return gw.send(b.build());
  }

  @Test
  void theBudgetGuardPackWarnsThenDowngradesThenBlocksTheTenant() throws Exception {
    // each premium call costs 10 x $2/M + 7 x $8/M = $0.000076 of a $0.0004 budget (19%)
    List<String> steps = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("premium-us", "hi"));
      if (r.statusCode() == 402) {
        JsonNode e = json(r).path("error");
        assertTrue(e.path("code").asText().contains("tenant-budget-hard-stop"), r.body());
        assertTrue(e.path("message").asText().contains("acme"), r.body());
        steps.add("blocked");
        break;
      }
      assertEquals(200, r.statusCode(), r.body());
      String model = r.headers().firstValue("x-warden-model").orElse("");
      boolean warned = r.headers().allValues("x-warden-warning").stream().anyMatch(w -> w.contains("Team eng"));
      steps.add(model.equals("gpt-4o-mini") ? "downgraded" : warned ? "warned" : "served");
    }
    assertEquals(List.of("served", "served", "served", "served", "served", "warned", "downgraded", "downgraded",
        "blocked"), steps);
    JsonNode budgets = json(admin("GET", "/admin/budgets", null)).path("budgets");
    JsonNode tenant = budgets.get(0).path("scope").asText().equals("tenant") ? budgets.get(0) : budgets.get(1);
    assertEquals(0, tenant.path("spent_usd").decimalValue().compareTo(new java.math.BigDecimal("0.00048")), tenant.toString());
    assertEquals(0, tenant.path("used_percent").decimalValue().compareTo(new java.math.BigDecimal("120.00")));
    assertEquals(0, tenant.path("reserved_usd").decimalValue().signum());
    assertTrue(tenant.path("period_start").asText().endsWith("+01:00"), tenant.toString());
    assertEquals(scalar("SELECT SUM(cost_nanousd) FROM warden_spend WHERE tenant = 'acme'"),
        scalar("SELECT spent_nanousd FROM warden_budget_usage WHERE scope = 'tenant' AND subject = 'acme'"));
    assertEquals(8, scalar("SELECT COUNT(*) FROM warden_spend WHERE tenant = 'acme'"));
    assertEquals(2, scalar("SELECT COUNT(*) FROM warden_spend WHERE tenant = 'acme' AND model = 'gpt-4o-mini'"
        + " AND requested_model = 'premium-us' AND tags LIKE '%downgraded%'"));
  }

  @Test
  void aCappedBudgetRefusesACallItCannotCoverBeforeItIsMade() throws Exception {
    HttpResponse<String> put = admin("PUT", "/admin/budgets/user/bob",
        "{\"amount_usd\": 0.001, \"period\": \"daily\", \"cap_percent\": 100}");
    assertEquals(200, put.statusCode(), put.body());
    assertEquals("admin", json(put).path("origin").asText());
    int before = mock.calls("fixed");
    // without max_tokens the worst case is the whole context left: 7,99x tokens x $8/M > $0.001
    HttpResponse<String> r = gw.post("/v1/chat/completions", OTHER, TestGateway.chat("premium-us", "hi"));
    assertEquals(402, r.statusCode(), r.body());
    JsonNode e = json(r).path("error");
    assertEquals("budget_exceeded", e.path("code").asText());
    assertTrue(e.path("message").asText().contains("user budget of \"bob\""), r.body());
    assertFalse(e.path("message").asText().contains("acme"), r.body());
    assertEquals(before, mock.calls("fixed"));
    // with max_tokens it fits
    r = gw.post("/v1/chat/completions", OTHER,
        "{\"model\":\"premium-us\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(200, r.statusCode(), r.body());
    // a call no upstream answered releases its reservation and costs nothing
    r = gw.post("/v1/chat/completions", OTHER,
        "{\"model\":\"fail-us\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertTrue(r.statusCode() >= 500, r.body());
    assertEquals(0, scalar("SELECT COUNT(*) FROM warden_reservations"));
    assertEquals(200, admin("DELETE", "/admin/budgets/user/bob", null).statusCode());
    assertEquals(404, admin("DELETE", "/admin/budgets/user/bob", null).statusCode());
  }

  @Test
  void streamsAreMeteredWithAndWithoutTheProvidersUsage() throws Exception {
    String body = "{\"model\":\"premium-us\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"stream me\"}]}";
    HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri("/v1/chat/completions")).timeout(Duration.ofSeconds(20))
        .header("authorization", "Bearer " + OTHER).header("content-type", "application/json");
    mock.cachedTokens(4);
    HttpResponse<String> r = gw.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    assertEquals(200, r.statusCode(), r.body());
    String id = r.headers().firstValue("x-warden-request-id").orElseThrow();
    assertEquals(76_000, scalar("SELECT cost_nanousd FROM warden_spend WHERE request_id = '" + id + "'"));
    assertEquals(4, scalar("SELECT cached_tokens FROM warden_spend WHERE request_id = '" + id + "'"));
    assertEquals(0, scalar("SELECT COUNT(*) FROM warden_spend WHERE estimated AND request_id = '" + id + "'"));
    mock.cachedTokens(0).sendUsage(false);
    try {
      r = gw.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build());
      assertEquals(200, r.statusCode(), r.body());
      String counted = r.headers().firstValue("x-warden-request-id").orElseThrow();
      long cost = scalar("SELECT cost_nanousd FROM warden_spend WHERE request_id = '" + counted + "'");
      assertTrue(cost > 0, "a stream without usage is metered by the gateway's count, not $0");
      assertEquals(1, scalar("SELECT COUNT(*) FROM warden_spend WHERE estimated AND request_id = '" + counted + "'"));
      assertTrue(scalar("SELECT output_tokens FROM warden_spend WHERE request_id = '" + counted + "'") > 0);
      // non-streamed without usage: counted too
      r = gw.post("/v1/chat/completions", OTHER, TestGateway.chat("premium-us", "count me"));
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(json(r).path("usage").path("warden_estimated").asBoolean());
      String nonStreamed = r.headers().firstValue("x-warden-request-id").orElseThrow();
      assertEquals(1, scalar("SELECT COUNT(*) FROM warden_spend WHERE estimated AND cost_nanousd > 0"
          + " AND request_id = '" + nonStreamed + "'"));
    } finally {
      mock.sendUsage(true);
    }
  }

  @Test
  void aStreamThatFailsMidwayIsChargedForWhatItProduced() throws Exception {
    // the upstream streams half its answer, then stalls past the provider's timeout
    mock.answer("A long answer that the upstream will not finish, cut in the middle by its stall.");
    try {
      String body = "{\"model\":\"stall-us\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}";
      HttpResponse<String> r = gw.send(HttpRequest.newBuilder(gw.uri("/v1/chat/completions"))
          .timeout(Duration.ofSeconds(20)).header("authorization", "Bearer " + OTHER).header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build());
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"error\""), r.body());
      String id = r.headers().firstValue("x-warden-request-id").orElseThrow();
      assertEquals(1, scalar("SELECT COUNT(*) FROM warden_spend WHERE estimated AND cost_nanousd > 0 AND output_tokens > 0"
          + " AND model = 'stall-us' AND request_id = '" + id + "'"));
    } finally {
      mock.answer("Hello from the mock upstream.");
    }
    assertEquals(0, scalar("SELECT COUNT(*) FROM warden_reservations"));
  }

  @Test
  void theAdminApiRefusesHostileInputInTheOpenAiErrorFormat() throws Exception {
    record Case(String method, String path, String body, int status) {}
    List<Case> cases = List.of(
        new Case("PUT", "/admin/budgets/planet/x", "{\"amount_usd\": 1}", 400),
        new Case("PUT", "/admin/budgets/team/x", "{\"amount_usd\": \"1\"}", 400),
        new Case("PUT", "/admin/budgets/team/x", "{\"amount_usd\": -1}", 400),
        new Case("PUT", "/admin/budgets/team/x", "{\"amount_usd\": 1e30}", 400),
        new Case("PUT", "/admin/budgets/team/x", "{\"amount_usd\": 1, \"period\": \"hourly\"}", 400),
        new Case("PUT", "/admin/budgets/team/x", "{\"amount_usd\": 1, \"period\": 7}", 400),
        new Case("PUT", "/admin/budgets/team/x", "{\"amount_usd\": 1, \"cap_percent\": 0}", 400),
        new Case("PUT", "/admin/budgets/team/x", "{\"amount_usd\": 1, \"cap_percent\": \"90\"}", 400),
        new Case("PUT", "/admin/budgets/team/x", "{\"amount_usd\": 1, \"owner\": \"<script>\"}", 400),
        new Case("PUT", "/admin/budgets/team/x", "[1, 2]", 400),
        new Case("PUT", "/admin/budgets/team/x", "{\"amount_usd\": ", 400),
        new Case("PUT", "/admin/budgets/team/x", "{\"amount_usd\": 1, \"pad\": \"" + "x".repeat(5000) + "\"}", 413),
        new Case("PUT", "/admin/budgets/team/" + "y".repeat(300), "{\"amount_usd\": 1}", 400),
        new Case("PUT", "/admin/budgets/team/a%0Ab", "{\"amount_usd\": 1}", 400),
        new Case("DELETE", "/admin/budgets/team/nobody", null, 404));
    for (Case c : cases) {
      HttpResponse<String> r = admin(c.method(), c.path(), c.body());
      assertEquals(c.status(), r.statusCode(), c + " -> " + r.body());
      JsonNode e = json(r).path("error");
      assertTrue(e.path("message").isTextual() && e.path("type").isTextual() && e.path("code").isTextual(), r.body());
      assertFalse(r.body().contains("<script>"), r.body());
    }
    HttpResponse<String> noToken = gw.send(HttpRequest.newBuilder(gw.uri("/admin/budgets")).GET().build());
    assertEquals(401, noToken.statusCode());
    HttpResponse<String> text = gw.send(HttpRequest.newBuilder(gw.uri("/admin/budgets/team/x"))
        .header("authorization", "Bearer " + TestGateway.ADMIN).header("content-type", "text/plain")
        .PUT(HttpRequest.BodyPublishers.ofString("amount=1")).build());
    assertEquals(415, text.statusCode());
    assertEquals(0, scalar("SELECT COUNT(*) FROM warden_budgets WHERE subject = 'x'"));
  }
}
