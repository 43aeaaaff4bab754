package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.testing.MockUpstream;
import dev.warden.gateway.testing.TestGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packs edited while the gateway serves: a good edit is live within seconds, a broken one or
 * one whose rule tests fail is refused with the old rules still serving, and reloads under load
 * fail no request.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HotReloadTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PACK = """
      pack "live" version "1.0.0"

      rule "no-pineapple" {
        when prompt.text contains "pineapple"
        then block 403 "No pineapple"
      }
      """;
  static final String TESTS = """
      tests "live"

      test "pineapple is refused" {
        given prompt "pineapple pizza?"
        expect block 403
      }
      """;

  @TempDir
  Path dir;
  Path pack;
  MockUpstream mock;
  TestGateway gw;

  @BeforeEach
  void start() throws Exception {
    Path packs = Files.createDirectories(dir.resolve("packs/live"));
    Path tests = Files.createDirectories(dir.resolve("tests/live"));
    pack = packs.resolve("live.policy");
    Files.writeString(pack, PACK);
    Files.writeString(tests.resolve("live.policytest"), TESTS);
    mock = MockUpstream.start();
    gw = TestGateway.start(dir, TestGateway.config(packs.getParent().toString(), "")
        .replace("watch: true}", "watch: true, tests: [" + tests.getParent() + "]}"), mock);
  }

  @AfterEach
  void stop() {
    gw.close();
    mock.close();
  }

  int ask(String text) {
    return gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("small-us", text)).statusCode();
  }

  JsonNode status() throws Exception {
    HttpResponse<String> r = gw.get("/admin/packs", TestGateway.ADMIN);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  /** Polls the admin status until {@code done} holds (the watcher reloads after a quiet period). */
  JsonNode awaitStatus(Predicate<JsonNode> done) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode s = status();
    while (!done.test(s) && System.nanoTime() < end) {
      Thread.sleep(100);
      s = status();
    }
    return s;
  }

  @Test
  void anEditIsLiveWithinSeconds() throws Exception {
    assertEquals(403, ask("pineapple on pizza?"));
    assertEquals(200, ask("mango on pizza?"));
    String before = status().path("revision").asText();
    Files.writeString(pack, PACK + """

        rule "no-mango" {
          when prompt.text contains "mango"
          then block 403 "No mango either"
        }
        """);
    long t0 = System.nanoTime();
    JsonNode s = awaitStatus(j -> !j.path("revision").asText().equals(before));
    assertNotEquals(before, s.path("revision").asText(), s.toString());
    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
    assertEquals(403, ask("mango on pizza?"));
    assertEquals(403, ask("pineapple on pizza?"));
  }

  @Test
  void aPackFolderThatIsReplacedWholeIsWatchedAgain() throws Exception {
    // a deployment that removes the folder and copies a new one in its place
    Path packs = pack.getParent().getParent();
    String before = status().path("revision").asText();
    try (var files = Files.walk(packs)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    awaitStatus(j -> !j.path("last_error").isNull());
    assertEquals(403, ask("pineapple on pizza?"), "the old rules keep serving while the folder is gone");
    Files.createDirectories(pack.getParent());
    Files.writeString(pack, PACK + """

        rule "no-mango" {
          when prompt.text contains "mango"
          then block 403 "No mango either"
        }
        """);
    JsonNode s = awaitStatus(j -> !j.path("revision").asText().equals(before) && j.path("last_error").isNull());
    assertNotEquals(before, s.path("revision").asText(), s.toString());
    assertEquals(403, ask("mango on pizza?"));

    // and the new folder is watched: a further edit is live too
    String second = s.path("revision").asText();
    Files.writeString(pack, PACK);
    s = awaitStatus(j -> !j.path("revision").asText().equals(second));
    assertNotEquals(second, s.path("revision").asText(), s.toString());
    assertEquals(200, ask("mango on pizza?"));
  }

  @Test
  void aBrokenEditIsRefusedAndTheOldRulesKeepServing() throws Exception {
    String before = status().path("revision").asText();
    Files.writeString(pack, PACK.replace("then block", "then blok"));
    JsonNode s = awaitStatus(j -> !j.path("last_error").isNull());
    assertTrue(s.path("last_error").asText().contains("WDN-P001"), s.toString());
    assertEquals(before, s.path("revision").asText());
    assertEquals(403, ask("pineapple on pizza?"), "the old rules still serve");
    // the manual reload says the same, with 422
    HttpResponse<String> r = gw.send(HttpRequest.newBuilder(gw.uri("/admin/packs/reload"))
        .header("authorization", "Bearer " + TestGateway.ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(422, r.statusCode(), r.body());
    assertEquals(false, JSON.readTree(r.body()).path("activated").asBoolean());
  }

  @Test
  void anEditWhoseRuleTestsFailIsNotActivated() throws Exception {
    String before = status().path("revision").asText();
    // valid, but the pack's test expects pineapple to be blocked
    Files.writeString(pack, PACK.replace("\"pineapple\"", "\"papaya\""));
    JsonNode s = awaitStatus(j -> !j.path("last_error").isNull());
    assertTrue(s.path("last_error").asText().contains("pineapple is refused"), s.toString());
    assertEquals(before, s.path("revision").asText());
    assertEquals(403, ask("pineapple on pizza?"));
    assertEquals(200, ask("papaya on pizza?"));
  }

  @Test
  void theAdminApiNeedsTheAdminToken() {
    HttpResponse<String> r = gw.send(HttpRequest.newBuilder(gw.uri("/admin/packs/reload"))
        .header("authorization", "Bearer " + TestGateway.KEY).POST(HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(401, r.statusCode());
  }

  @Test
  void fiftyReloadsUnderLoadFailNoRequest() throws Exception {
    int threads = 6;
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger served = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(threads);
    List<Thread> load = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      boolean blocked = t % 2 == 0;
      load.add(Thread.ofPlatform().daemon().start(() -> {
        try {
          while (running.get()) {
            HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.KEY,
                TestGateway.chat("small-us", blocked ? "pineapple pizza" : "plain pizza"));
            int want = blocked ? 403 : 200;
            if (r.statusCode() != want) {
              failures.add(r.statusCode() + " " + r.body());
            }
            served.incrementAndGet();
          }
        } catch (RuntimeException e) {
          failures.add(e.toString());
        } finally {
          done.countDown();
        }
      }));
    }
    int activated = 0;
    for (int i = 0; i < 50; i++) {
      // each reload is a real change: a comment that differs every time
      Files.writeString(pack, PACK + "\n# reload " + i + "\n");
      HttpResponse<String> r = gw.send(HttpRequest.newBuilder(gw.uri("/admin/packs/reload"))
          .header("authorization", "Bearer " + TestGateway.ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build());
      assertEquals(200, r.statusCode(), r.body());
      if (JSON.readTree(r.body()).path("activated").asBoolean()) {
        activated++;
      }
    }
    running.set(false);
    assertTrue(done.await(30, TimeUnit.SECONDS));
    assertEquals(List.of(), List.copyOf(failures));
    assertEquals(50, activated);
    assertTrue(served.get() > 50, "requests were in flight during the reloads: " + served.get());
  }
}
