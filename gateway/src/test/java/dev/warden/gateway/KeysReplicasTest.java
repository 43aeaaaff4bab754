package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.testing.TestGateway;
import dev.warden.gateway.testing.SharedStores;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways on one PostgreSQL schema (the local server CI starts) behave as one: a key made
 * through either works on both, and a key revoked through one is refused by the other on the
 * very next request.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KeysReplicasTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";

  static HttpResponse<String> admin(TestGateway gw, String method, String path, String body) {
    return gw.send(HttpRequest.newBuilder(gw.uri(path)).timeout(Duration.ofSeconds(20))
        .header("authorization", "Bearer " + TestGateway.ADMIN).header("content-type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build());
  }

  static int chat(TestGateway gw, String key) {
    return gw.post("/v1/chat/completions", key, TestGateway.chat("echo-us", "Hello")).statusCode();
  }

  @Test
  void aKeyRevokedOnOneReplicaIsRefusedByTheOtherAtOnce(@TempDir Path dir) throws Exception {
    String schema = "warden_keys_replicas_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100000;
    String extra = "store: {url: \"" + PG + "\", user: postgres, pool: 3, schema: " + schema + "}";
    String yaml = TestGateway.config(TestGateway.testPacks(), extra);
    Path a = Files.createDirectory(dir.resolve("a"));
    Path b = Files.createDirectory(dir.resolve("b"));
    try (TestGateway one = TestGateway.start(a, yaml, null); TestGateway two = TestGateway.start(b, yaml, null)) {
      HttpResponse<String> made = admin(one, "POST", "/admin/keys", "{\"id\": \"shared\", \"team\": \"eng\"}");
      assertEquals(201, made.statusCode(), made.body());
      String secret = JSON.readTree(made.body()).path("secret").asText();
      assertEquals(200, chat(two, secret), "made on one, used on the other");
      assertEquals(200, chat(one, secret));
      assertEquals("eng", JSON.readTree(admin(two, "GET", "/admin/keys/shared", null).body()).path("team").asText());

      for (int i = 0; i < 20; i++) {
        assertEquals(200, chat(two, secret), "warm: whatever a replica might keep, it has seen this key");
      }
      assertEquals(200, admin(one, "POST", "/admin/keys/shared/revoke", null).statusCode());
      assertEquals(401, chat(two, secret), "revoked on one: refused by the other on the very next request");
      assertEquals(401, chat(one, secret));

      // and the other way round, with a rotation whose grace is zero
      HttpResponse<String> second = admin(two, "POST", "/admin/keys", "{\"id\": \"shared-2\"}");
      String old = JSON.readTree(second.body()).path("secret").asText();
      assertEquals(200, chat(one, old));
      HttpResponse<String> rotated = admin(two, "POST", "/admin/keys/shared-2/rotate", "{\"grace_seconds\": 0}");
      assertEquals(200, rotated.statusCode(), rotated.body());
      assertEquals(401, chat(one, old));
      assertEquals(200, chat(one, JSON.readTree(rotated.body()).path("secret").asText()));
    } finally {
      SharedStores.dropSchema(schema);
    }
  }
}
