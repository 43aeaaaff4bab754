package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.testing.TestGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile, malformed and oversized input to {@code /admin/keys} and {@code /admin/spend}: a clear
 * 4xx in OpenAI's error format every time, nothing stored, nothing echoed at length.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KeysBadInputTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static TestGateway gw;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    gw = TestGateway.start(dir, TestGateway.config(TestGateway.testPacks(), ""), null);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static HttpResponse<String> send(String method, String path, String type, String body, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri(path)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      b.header("authorization", "Bearer " + token);
    }
    if (type != null) {
      b.header("content-type", type);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return gw.send(b.build());
  }

  static void error(HttpResponse<String> r, int status, String inMessage) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    JsonNode err = JSON.readTree(r.body()).path("error");
    assertTrue(err.path("message").isTextual(), r.body());
    assertTrue(err.path("type").isTextual(), r.body());
    assertTrue(err.path("code").isTextual(), r.body());
    assertTrue(err.path("message").asText().contains(inMessage), r.body());
    assertTrue(r.body().length() < 1000, "an error never echoes a long input back");
  }

  static Stream<Arguments> badCreates() {
    String big = "x".repeat(300);
    return Stream.of(
        Arguments.of("{\"id\": ", "not valid JSON"),
        Arguments.of("[1, 2]", "JSON object"),
        Arguments.of("\"key\"", "JSON object"),
        Arguments.of("{\"id\": 42}", "\"id\" must be a string"),
        Arguments.of("{\"id\": \"../../etc/passwd\"}", "\"id\" must be"),
        Arguments.of("{\"id\": \"a b\"}", "\"id\" must be"),
        Arguments.of("{\"id\": \"" + "k".repeat(129) + "\"}", "at most 128"),
        Arguments.of("{\"team\": \"" + big + "\"}", "at most 256"),
        Arguments.of("{\"team\": \"eng\\u0000; DROP TABLE warden_keys\"}", "control characters"),
        Arguments.of("{\"user\": \"\\u001b[31mred\"}", "control characters"),
        Arguments.of("{\"team\": [\"eng\"]}", "must be a string"),
        Arguments.of("{\"roles\": \"admin\"}", "\"roles\" must be a list"),
        Arguments.of("{\"roles\": [1]}", "\"roles\" must be a list of non-empty strings"),
        Arguments.of("{\"models\": [\"gpt-nonexistent\"]}", "not a model of the catalog"),
        Arguments.of("{\"expires_at\": \"tomorrow\"}", "\"expires_at\" must be a time"),
        Arguments.of("{\"expires_at\": \"2001-01-01T00:00:00Z\"}", "in the future"),
        Arguments.of("{\"limits\": {\"requests_per_week\": 5}}", "is not a limit"),
        Arguments.of("{\"limits\": {\"requests_per_minute\": -1}}", "whole number"),
        Arguments.of("{\"limits\": {\"requests_per_minute\": 1.5}}", "whole number"),
        Arguments.of("{\"limits\": [60]}", "limits must be an object"),
        Arguments.of("{\"budget\": {\"amount_usd\": -5}}", "more than 0"),
        Arguments.of("{\"budget\": {\"amount_usd\": \"lots\"}}", "amount in USD"),
        Arguments.of("{\"budget\": {\"amount_usd\": 0.0000001}}", "at most 6 decimals"),
        Arguments.of("{\"budget\": {\"amount_usd\": 5, \"period\": \"hourly\"}}", "daily, weekly, monthly or none"),
        Arguments.of("{\"budget\": {\"amount_usd\": 5, \"cap_percent\": \"all\"}}", "cap_percent"),
        Arguments.of("{\"budget\": {\"amount\": 5}}", "Unknown field \"amount\""),
        Arguments.of("{\"budget\": 5}", "\"budget\" must be an object"),
        Arguments.of("{\"sha256\": \"00\"}", "Unknown field \"sha256\""),
        Arguments.of("{\"secret\": \"wk-chosen-by-me\"}", "Unknown field \"secret\""));
  }

  @ParameterizedTest
  @MethodSource("badCreates")
  void badCreateBodiesAreRefused(String body, String message) throws Exception {
    error(send("POST", "/admin/keys", "application/json", body, TestGateway.ADMIN), 400, message);
    JsonNode list = JSON.readTree(send("GET", "/admin/keys", null, null, TestGateway.ADMIN).body());
    list.path("data").forEach(k -> assertEquals("hostile", k.path("id").asText(), "nothing else was stored"));
  }

  @Test
  void oversizedAndWronglyTypedBodies() throws Exception {
    error(send("POST", "/admin/keys", "application/json", "{\"team\": \"" + "a".repeat(70_000) + "\"}",
        TestGateway.ADMIN), 413, "larger than");
    error(send("POST", "/admin/keys", "text/plain", "{}", TestGateway.ADMIN), 415, "application/json");
    error(send("POST", "/admin/keys", "application/json", "", TestGateway.ADMIN), 400, "");
    error(send("POST", "/admin/keys", "application/json", "{\"team\": \"\\ud800\"}", TestGateway.ADMIN), 400,
        "control characters");
    error(send("POST", "/admin/keys/anything/rotate", "application/json", "{\"grace_seconds\": -1}",
        TestGateway.ADMIN), 400, "grace_seconds");
    error(send("POST", "/admin/keys/anything/rotate", "application/json", "{\"grace_seconds\": 99999999999}",
        TestGateway.ADMIN), 400, "grace_seconds");
  }

  @Test
  void withoutTheAdminTokenNothingIsShownOrDone() throws Exception {
    for (String[] call : new String[][] {{"GET", "/admin/keys"}, {"POST", "/admin/keys"}, {"GET", "/admin/keys/us"},
        {"POST", "/admin/keys/us/revoke"}, {"GET", "/admin/spend"}, {"GET", "/admin/spend/compare?models=small-us"}}) {
      error(send(call[0], call[1], "application/json", call[0].equals("POST") ? "{}" : null, null), 401, "admin");
      error(send(call[0], call[1], "application/json", call[0].equals("POST") ? "{}" : null, TestGateway.KEY), 401,
          "admin");
    }
  }

  @Test
  void hostilePathsAndQueries() throws Exception {
    error(send("GET", "/admin/keys/%00", null, null, TestGateway.ADMIN), 404, "No key");
    error(send("GET", "/admin/keys/" + "z".repeat(300), null, null, TestGateway.ADMIN), 404, "No key");
    error(send("GET", "/admin/keys?limit=0", null, null, TestGateway.ADMIN), 400, "limit");
    error(send("GET", "/admin/keys?limit=abc", null, null, TestGateway.ADMIN), 400, "limit");
    error(send("GET", "/admin/keys?after=%27%20OR%201=1", null, null, TestGateway.ADMIN), 400, "after");
    error(send("GET", "/admin/spend?group_by=team;DROP", null, null, TestGateway.ADMIN), 400, "group_by");
    error(send("GET", "/admin/spend?group_by=tag:a%20b", null, null, TestGateway.ADMIN), 400, "group_by");
    error(send("GET", "/admin/spend?from=yesterday", null, null, TestGateway.ADMIN), 400, "from must be a time");
    error(send("GET", "/admin/spend?to=2026-13-01", null, null, TestGateway.ADMIN), 400, "to must be a time");
    error(send("GET", "/admin/spend?from=2026-12-02&to=2026-12-01", null, null, TestGateway.ADMIN), 400,
        "from must be before to");
    error(send("GET", "/admin/spend?format=xml", null, null, TestGateway.ADMIN), 400, "format");
    error(send("GET", "/admin/spend?groupby=team", null, null, TestGateway.ADMIN), 400, "Unknown parameter");
    error(send("GET", "/admin/spend?group_by=team&group_by=app", null, null, TestGateway.ADMIN), 400, "more than once");
    error(send("GET", "/admin/spend/compare", null, null, TestGateway.ADMIN), 400, "models is required");
    error(send("GET", "/admin/spend/compare?models=small-us,nope", null, null, TestGateway.ADMIN), 400, "nope");
  }

  @Test
  void aStoredHostileButPrintableValueComesBackVerbatim() throws Exception {
    String team = "eng'; DROP TABLE warden_keys; -- \\\"quoted\\\" <script>";
    HttpResponse<String> r = send("POST", "/admin/keys", "application/json", "{\"id\": \"hostile\", \"team\": \""
        + team + "\"}", TestGateway.ADMIN);
    assertEquals(201, r.statusCode(), r.body());
    JsonNode shown = JSON.readTree(send("GET", "/admin/keys/hostile", null, null, TestGateway.ADMIN).body());
    assertEquals("eng'; DROP TABLE warden_keys; -- \"quoted\" <script>", shown.path("team").asText());
    assertFalse(shown.has("secret"));
    send("POST", "/admin/keys/hostile/revoke", null, null, TestGateway.ADMIN);
  }
}
