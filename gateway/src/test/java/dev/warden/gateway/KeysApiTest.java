package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.config.ConfigLoader;
import dev.warden.gateway.testing.ShiftedClock;
import dev.warden.gateway.testing.TestGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code /admin/keys} over HTTP: create, use, show, list, patch, rotate, revoke, expire. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KeysApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ShiftedClock CLOCK = new ShiftedClock();
  static TestGateway gw;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    gw = TestGateway.start(dir, TestGateway.config(TestGateway.testPacks(), ""), null, CLOCK);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  static HttpResponse<String> admin(String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri(path)).timeout(Duration.ofSeconds(20))
        .header("authorization", "Bearer " + TestGateway.ADMIN);
    if (body != null) {
      b.header("content-type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return gw.send(b.build());
  }

  static HttpResponse<String> chat(String key) {
    return gw.post("/v1/chat/completions", key, TestGateway.chat("echo-us", "Hello there"));
  }

  static String create(String body) throws Exception {
    HttpResponse<String> r = admin("POST", "/admin/keys", body);
    assertEquals(201, r.statusCode(), r.body());
    return json(r).path("secret").asText();
  }

  @Test
  void aCreatedKeyWorksAndItsSecretIsShownOnce() throws Exception {
    HttpResponse<String> r = admin("POST", "/admin/keys", """
        {"id": "team-eng-1", "user": "dana", "team": "eng", "tenant": "acme", "app": "notebook", "region": "us",
         "env": "prod", "roles": ["member"], "models": ["echo-us", "small-us"],
         "limits": {"requests_per_minute": 60}, "budget": {"amount_usd": "25.50", "period": "monthly", "cap_percent": 100}}
        """);
    assertEquals(201, r.statusCode(), r.body());
    assertEquals("/admin/keys/team-eng-1", r.headers().firstValue("location").orElseThrow());
    JsonNode k = json(r);
    String secret = k.path("secret").asText();
    assertTrue(secret.matches("wk-[A-Za-z0-9_-]{43}"), secret);
    assertEquals("active", k.path("status").asText());
    assertEquals("eng", k.path("team").asText());
    assertEquals("25.5", k.path("budget").path("amount_usd").asText());
    assertEquals(60, k.path("limits").path("requests_per_minute").asLong());
    assertFalse(r.body().contains(ConfigLoader.sha256(secret)), "the hash is not shown either");

    HttpResponse<String> used = chat(secret);
    assertEquals(200, used.statusCode(), used.body());
    // the key's models hold as a configured key's do
    HttpResponse<String> other = gw.post("/v1/chat/completions", secret, TestGateway.chat("premium-us", "Hi"));
    assertEquals(403, other.statusCode(), other.body());

    HttpResponse<String> shown = admin("GET", "/admin/keys/team-eng-1", null);
    assertEquals(200, shown.statusCode());
    assertFalse(shown.body().contains(secret));
    assertFalse(shown.body().contains(ConfigLoader.sha256(secret)));
    assertFalse(json(shown).has("secret"));
    HttpResponse<String> list = admin("GET", "/admin/keys?limit=500", null);
    assertEquals(200, list.statusCode());
    assertFalse(list.body().contains(secret));
    assertFalse(list.body().contains(ConfigLoader.sha256(secret)));

    try (Connection c = gw.gateway().store().data().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT sha256 FROM warden_keys WHERE id = 'team-eng-1'")) {
      assertTrue(rs.next());
      assertEquals(ConfigLoader.sha256(secret), rs.getString(1));
    }
  }

  @Test
  void aGeneratedIdAndPaging() throws Exception {
    for (int i = 0; i < 3; i++) {
      create("{\"id\": \"page-" + i + "\"}");
    }
    HttpResponse<String> r = admin("POST", "/admin/keys", "{\"team\": \"ops\"}");
    assertEquals(201, r.statusCode(), r.body());
    assertTrue(json(r).path("id").asText().matches("key_[0-9a-f]{18}"), r.body());
    JsonNode first = json(admin("GET", "/admin/keys?limit=2&after=page", null));
    assertEquals("page-0", first.path("data").get(0).path("id").asText());
    assertEquals("page-1", first.path("data").get(1).path("id").asText());
    assertTrue(first.path("has_more").asBoolean());
    JsonNode next = json(admin("GET", "/admin/keys?limit=2&after=" + first.path("next_after").asText(), null));
    assertEquals("page-2", next.path("data").get(0).path("id").asText());
  }

  @Test
  void patchChangesIdentityModelsLimitsAndBudget() throws Exception {
    String secret = create("{\"id\": \"patch-me\", \"team\": \"eng\", \"models\": [\"small-us\"]}");
    assertEquals(403, chat(secret).statusCode(), "echo-us is not among its models yet");
    HttpResponse<String> r = admin("PATCH", "/admin/keys/patch-me", """
        {"team": "research", "models": ["echo-us"], "limits": {"tokens_per_day": 100000},
         "budget": {"amount_usd": 5, "period": "daily"}}""");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode k = json(r);
    assertEquals("research", k.path("team").asText());
    assertEquals("echo-us", k.path("models").get(0).asText());
    assertEquals(100000, k.path("limits").path("tokens_per_day").asLong());
    assertEquals("daily", k.path("budget").path("period").asText());
    assertTrue(k.path("budget").path("cap_percent").isNull());
    assertEquals(200, chat(secret).statusCode(), "the change holds on the next request");
    JsonNode cleared = json(admin("PATCH", "/admin/keys/patch-me", "{\"budget\": null, \"models\": []}"));
    assertTrue(cleared.path("budget").isNull());
    assertEquals("research", cleared.path("team").asText(), "fields left out stay as they were");
  }

  @Test
  void rotationKeepsTheOldSecretForItsGracePeriod() throws Exception {
    String old = create("{\"id\": \"rotate-me\"}");
    HttpResponse<String> r = admin("POST", "/admin/keys/rotate-me/rotate", "{\"grace_seconds\": 60}");
    assertEquals(200, r.statusCode(), r.body());
    String fresh = json(r).path("secret").asText();
    assertNotEquals(old, fresh);
    assertFalse(json(r).path("previous_secret_valid_until").isNull());
    assertEquals(200, chat(fresh).statusCode());
    assertEquals(200, chat(old).statusCode(), "the old secret works during the grace period");
    CLOCK.advance(Duration.ofSeconds(61));
    assertEquals(200, chat(fresh).statusCode());
    HttpResponse<String> refused = chat(old);
    assertEquals(401, refused.statusCode());
    assertEquals("key_rotated", json(refused).path("error").path("code").asText());
    assertFalse(refused.body().contains(old));
    // without a body: the default grace of an hour
    HttpResponse<String> again = admin("POST", "/admin/keys/rotate-me/rotate", null);
    assertEquals(200, again.statusCode(), again.body());
    assertEquals(200, chat(fresh).statusCode());
  }

  @Test
  void revocationIsImmediate() throws Exception {
    String secret = create("{\"id\": \"revoke-me\"}");
    assertEquals(200, chat(secret).statusCode());
    HttpResponse<String> r = admin("POST", "/admin/keys/revoke-me/revoke", null);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("revoked", json(r).path("status").asText());
    HttpResponse<String> refused = chat(secret);
    assertEquals(401, refused.statusCode());
    JsonNode err = json(refused).path("error");
    assertEquals("key_revoked", err.path("code").asText());
    assertEquals("authentication_error", err.path("type").asText());
    assertTrue(err.path("message").asText().contains("revoked"));
    assertEquals(401, gw.get("/v1/models", secret).statusCode());
    assertEquals(409, admin("POST", "/admin/keys/revoke-me/rotate", null).statusCode(), "a revoked key is not rotated");
    String other = create("{\"id\": \"delete-me\"}");
    assertEquals(200, admin("DELETE", "/admin/keys/delete-me", null).statusCode());
    assertEquals(401, chat(other).statusCode());
  }

  @Test
  void anExpiredKeyIsRefused() throws Exception {
    String secret = create("{\"id\": \"expire-me\", \"expires_at\": \"" + CLOCK.instant().plusSeconds(3600) + "\"}");
    assertEquals(200, chat(secret).statusCode());
    CLOCK.advance(Duration.ofSeconds(3601));
    HttpResponse<String> refused = chat(secret);
    assertEquals(401, refused.statusCode());
    assertEquals("key_expired", json(refused).path("error").path("code").asText());
    assertEquals("expired", json(admin("GET", "/admin/keys/expire-me", null)).path("status").asText());
  }

  @Test
  void configurationKeysAreShownButNotChanged() throws Exception {
    HttpResponse<String> shown = admin("GET", "/admin/keys/us", null);
    assertEquals(200, shown.statusCode());
    assertEquals("config", json(shown).path("origin").asText());
    assertFalse(shown.body().contains(TestGateway.KEY));
    for (String[] call : new String[][] {{"PATCH", "/admin/keys/us", "{\"team\": \"x\"}"},
        {"POST", "/admin/keys/us/rotate", null}, {"POST", "/admin/keys/us/revoke", null},
        {"DELETE", "/admin/keys/us", null}, {"POST", "/admin/keys", "{\"id\": \"us\"}"}}) {
      HttpResponse<String> r = admin(call[0], call[1], call[2]);
      assertEquals(409, r.statusCode(), call[0] + " " + call[1] + ": " + r.body());
      assertTrue(json(r).path("error").path("message").asText().contains("configuration file"), r.body());
    }
    assertEquals(200, chat(TestGateway.KEY).statusCode());
  }

  @Test
  void unknownKeysAndDuplicates() throws Exception {
    assertEquals(404, admin("GET", "/admin/keys/nobody", null).statusCode());
    assertEquals(404, admin("PATCH", "/admin/keys/nobody", "{}").statusCode());
    assertEquals(404, admin("POST", "/admin/keys/nobody/revoke", null).statusCode());
    assertEquals(404, admin("POST", "/admin/keys/nobody/rotate", null).statusCode());
    create("{\"id\": \"twice\"}");
    HttpResponse<String> r = admin("POST", "/admin/keys", "{\"id\": \"twice\"}");
    assertEquals(409, r.statusCode());
    assertEquals("key_exists", json(r).path("error").path("code").asText());
  }
}
