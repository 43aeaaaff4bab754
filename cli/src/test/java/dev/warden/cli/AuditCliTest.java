package dev.warden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.Gateway;
import dev.warden.gateway.config.ConfigLoader;
import dev.warden.gateway.config.Env;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when", with the commands a new user runs: traffic through a gateway, the
 * blocked request found by its rule, the log verified, tampered with and failing verification
 * at the changed line, and a replay of that traffic against an edited pack listing what would
 * change.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AuditCliTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "wk-cli-audit-0123456789";
  static final String MODELS = """
      models:
        - {name: small-us, provider: echo, region: us, tier: small, input_price: 0.1, output_price: 0.2, context: 8000}
        - {name: premium-us, provider: echo, region: us, tier: premium, input_price: 2, output_price: 8, context: 8000}
        - {name: eu-small, provider: echo, region: eu, tier: small, input_price: 0.1, output_price: 0.2, context: 8000}
      """;

  @TempDir
  Path dir;

  private Path packs(String name, String extra) throws Exception {
    Path folder = dir.resolve(name).resolve("basic");
    Files.createDirectories(folder);
    String basic = Files.readString(Path.of("../gateway/src/test/resources/packs/basic/basic.policy"));
    Files.writeString(folder.resolve("basic.policy"), basic + extra);
    return folder.getParent();
  }

  private static HttpResponse<String> chat(HttpClient http, int port, String text) throws Exception {
    String body = "{\"model\":\"small-us\",\"messages\":[{\"role\":\"user\",\"content\":"
        + JSON.getNodeFactory().textNode(text) + "}]}";
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
        .header("authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void trafficSearchVerifyTamperAndReplay() throws Exception {
    Path live = packs("live", "");
    Path audit = dir.resolve("audit");
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, """
        server: {host: 127.0.0.1, port: 0}
        admin: {token: wadm-cli-test}
        packs: {folders: [%s], watch: false}
        audit: {mode: sync, dir: %s}
        keys:
          - {id: cli, key: %s, user: dana, team: ops, region: us}
        providers:
          echo: {type: echo}
        %s""".formatted(live, audit, KEY, MODELS));
    Path catalog = dir.resolve("catalog.yaml");
    Files.writeString(catalog, MODELS);
    List<String> served = new ArrayList<>();
    String blocked;
    HttpClient http = HttpClient.newHttpClient();
    try (Gateway g = Gateway.create(new ConfigLoader(Env.of(Map.of()), dir).load(config), Clock.systemUTC())) {
      int port = g.start();
      for (String text : new String[] {"mail ann@example.org the notes", "hello there", "ping bob@example.com"}) {
        HttpResponse<String> r = chat(http, port, text);
        assertEquals(200, r.statusCode(), r.body());
        served.add(r.headers().firstValue("x-warden-request-id").orElseThrow());
      }
      HttpResponse<String> r = chat(http, port, "why does this fail? password=Zq8#kLp2!vX9");
      assertEquals(422, r.statusCode(), r.body());
      blocked = r.headers().firstValue("x-warden-request-id").orElseThrow();
    }

    CliTest.Run found = CliTest.warden("audit", "search", audit.toString(), "--rule", "no-secrets");
    assertEquals(0, found.code(), found.err());
    assertTrue(found.out().contains(blocked + "  422 blocked  key=cli team=ops"), found.out());
    assertTrue(found.out().contains("blocked by basic/no-secrets (") && found.out().contains("basic.policy:"),
        found.out());
    assertTrue(found.out().endsWith("1 record\n"), found.out());
    CliTest.Run asJson = CliTest.warden("audit", "search", audit.toString(), "--team", "ops", "--json");
    assertEquals(4, asJson.out().lines().count(), asJson.out());
    for (String line : asJson.out().lines().toList()) {
      assertEquals("ops", JSON.readTree(line).path("principal").path("team").asText());
    }

    CliTest.Run ok = CliTest.warden("audit", "verify", audit.toString());
    assertEquals(0, ok.code(), ok.out() + ok.err());
    assertTrue(ok.out().contains("1 segment, 4 records (1..4), 1 seal checked: the log verifies"), ok.out());
    // with only another key, the seal cannot be checked: a problem, since a forged seal would look the same
    Path kept = audit.resolve("audit.key");
    Path away = dir.resolve("audit.key.away");
    Files.move(kept, away);
    Path other = dir.resolve("other.key");
    Files.writeString(other, "another-seal-key-0123456789\n");
    CliTest.Run wrongKey = CliTest.warden("audit", "verify", audit.toString(), "--key-file", other.toString());
    assertEquals(1, wrongKey.code(), wrongKey.out());
    assertTrue(wrongKey.out().contains(": other key: sealed with key"), wrongKey.out());
    Files.move(away, kept);

    // the same packs: nothing would change
    CliTest.Run same = CliTest.warden("replay", "--audit", audit.toString(), "--packs", live.toString(), "--catalog",
        catalog.toString(), "--fail-on-change");
    assertEquals(0, same.code(), same.out() + same.err());
    assertTrue(same.out().contains("Replayed 4 requests") && same.out().contains("No request would be decided"),
        same.out());
    assertTrue(same.out().endsWith("Audit log: 1 segment, 4 records (1..4), 1 seal checked: the log verifies.\n"),
        same.out());
    assertFalse(same.out().contains("UNVERIFIED"), same.out());

    // an edited pack: e-mail addresses now refused
    Path edited = packs("edited", """

        rule "no-email-addresses" {
          priority 800
          when prompt contains EMAIL
          then block 403 "Do not send e-mail addresses"
        }
        """);
    CliTest.Run replay = CliTest.warden("replay", "--audit", audit.toString(), "--packs", edited.toString(),
        "--catalog", catalog.toString());
    assertEquals(0, replay.code(), replay.out() + replay.err());
    assertTrue(replay.out().contains("Replayed 4 requests"), replay.out());
    assertTrue(replay.out().contains("2 would be decided differently"), replay.out());
    assertTrue(replay.out().contains("newly blocked: 2"), replay.out());
    String line = replay.out().lines().filter(l -> l.contains("basic/no-email-addresses") && l.contains("e.g."))
        .findFirst().orElseThrow();
    assertTrue(line.contains(served.get(0)) && line.contains(served.get(2)) && !line.contains(served.get(1)), line);
    CliTest.Run json = CliTest.warden("replay", "--audit", audit.toString(), "--packs", edited.toString(),
        "--catalog", catalog.toString(), "--json", "--fail-on-change");
    assertEquals(1, json.code(), "--fail-on-change");
    JsonNode report = JSON.readTree(json.out());
    assertEquals(4, report.path("compared").asInt());
    assertTrue(report.path("verified").asBoolean(), json.out());
    assertEquals(1, report.path("verify").path("seals_checked").asInt(), json.out());
    assertEquals(2, report.path("changes").path("newly_blocked").path(0).path("count").asInt(), json.out());

    // tamper: change the blocked request's status in the file
    Path segment = audit.resolve("segment-00000001.jsonl");
    List<String> original = Files.readAllLines(segment);
    List<String> lines = new ArrayList<>(original);
    int at = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(blocked)) {
        at = i;
      }
    }
    lines.set(at, lines.get(at).replace("\"status\":422", "\"status\":200"));
    Files.write(segment, lines);
    CliTest.Run bad = CliTest.warden("audit", "verify", audit.toString());
    assertEquals(1, bad.code(), bad.out());
    assertTrue(bad.out().contains(segment + ":" + (at + 1) + ": edited:"), bad.out());
    assertFalse(bad.out().contains("the log verifies"));

    // replay verifies what it reads: a changed log is not replayed unless asked, and then marked as unverified
    String[] replayArgs = {"replay", "--audit", audit.toString(), "--packs", edited.toString(), "--catalog",
        catalog.toString()};
    CliTest.Run refused = CliTest.warden(replayArgs);
    assertEquals(1, refused.code(), refused.out() + refused.err());
    assertEquals("", refused.out(), "nothing replayed");
    String where = segment + ":" + (at + 1) + ": edited: the record does not match its hash (seq " + at + ", request "
        + blocked + ")";
    assertTrue(refused.err().contains(audit + " does not verify:\n" + where), refused.err());
    assertTrue(refused.err().contains("1 problem; the first is where the log was changed"), refused.err());
    assertTrue(refused.err().contains("replay it anyway with --allow-unverified"), refused.err());
    CliTest.Run anyway = CliTest.warden(append(replayArgs, "--allow-unverified"));
    assertEquals(0, anyway.code(), anyway.out() + anyway.err());
    assertTrue(anyway.out().startsWith("UNVERIFIED LOG: " + audit + " does not verify (1 problem; the first: " + where),
        anyway.out());
    assertTrue(anyway.out().contains("Replayed 4 requests"), anyway.out());
    assertTrue(anyway.out().contains(": 1 problem; the first is where the log was changed (replayed with"
        + " --allow-unverified)."), anyway.out());
    assertTrue(anyway.err().contains(where), anyway.err());
    CliTest.Run anywayJson = CliTest.warden(append(replayArgs, "--allow-unverified", "--json"));
    assertEquals(0, anywayJson.code(), anywayJson.err());
    JsonNode marked = JSON.readTree(anywayJson.out());
    assertFalse(marked.path("verified").asBoolean(true), anywayJson.out());
    assertEquals(at + 1, marked.path("verify").path("problems").path(0).path("line").asInt(), anywayJson.out());
    assertEquals("edited", marked.path("verify").path("problems").path(0).path("kind").asText());

    // deleted, inserted and reordered records: replay stops at the first problem verify reports, worded the same
    int first = 1;   // line 2 holds the first record (line 1 is the header)
    List<List<String>> tampered = new ArrayList<>();
    List<String> deleted = new ArrayList<>(original);
    deleted.remove(first + 1);
    tampered.add(deleted);
    List<String> inserted = new ArrayList<>(original);
    inserted.add(first + 1, original.get(first));
    tampered.add(inserted);
    List<String> reordered = new ArrayList<>(original);
    reordered.set(first, original.get(first + 1));
    reordered.set(first + 1, original.get(first));
    tampered.add(reordered);
    for (List<String> t : tampered) {
      Files.write(segment, t);
      CliTest.Run verify = CliTest.warden("audit", "verify", audit.toString());
      assertEquals(1, verify.code(), verify.out());
      String problem = verify.out().lines().filter(l -> l.startsWith(segment + ":")).findFirst().orElseThrow();
      CliTest.Run r = CliTest.warden(replayArgs);
      assertEquals(1, r.code(), problem + "\n" + r.out() + r.err());
      assertTrue(r.err().contains(" does not verify:\n" + problem + "\n"), problem + "\n" + r.err());
    }
    Files.write(segment, original);
    assertEquals(0, CliTest.warden(replayArgs).code(), "the log as written replays again");
  }

  private static String[] append(String[] args, String... more) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void usageMistakesExitWithTwoAndSayWhy() throws Exception {
    assertEquals(2, CliTest.warden("audit", "verify", dir.resolve("missing").toString()).code());
    assertEquals(2, CliTest.warden("replay", "--audit", dir.toString()).code(), "--packs is required");
    CliTest.Run from = CliTest.warden("replay", "--audit", dir.toString(), "--packs", dir.toString(), "--from", "soon");
    assertEquals(2, from.code());
    assertTrue(from.err().contains("--from must be a time"), from.err());
    CliTest.Run limit = CliTest.warden("audit", "search", dir.toString(), "--limit", "0");
    assertEquals(2, limit.code());
    assertTrue(limit.err().contains("limit must be 1..1000"), limit.err());
    CliTest.Run outcome = CliTest.warden("audit", "search", dir.toString(), "--outcome", "blocekd");
    assertEquals(2, outcome.code(), "a misspelt outcome matches nothing: say so rather than print 0 records");
    assertTrue(outcome.err().contains("outcome must be one of"), outcome.err());
    CliTest.Run empty = CliTest.warden("audit", "verify", dir.toString());
    assertEquals(0, empty.code(), "an empty folder has nothing wrong in it: " + empty.out());
    assertTrue(empty.out().contains("no audit segments"), empty.out());
  }
}
