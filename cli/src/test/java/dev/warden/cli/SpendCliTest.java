package dev.warden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.Gateway;
import dev.warden.gateway.config.ConfigLoader;
import dev.warden.gateway.config.Env;
import dev.warden.gateway.config.Finance;
import dev.warden.gateway.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden spend}: from the store a configuration names, and from a running gateway. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpendCliTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CATALOG = """
      providers:
        echo: {type: echo}
      models:
        - {name: small-us, provider: echo, region: us, tier: small, input_price: 0.1, output_price: 0.2, context: 8000}
        - {name: premium-us, provider: echo, region: us, tier: premium, input_price: 2, output_price: 8, context: 8000}
      """;

  record Run(int code, String out, String err) {}

  static Run warden(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  static void spend(DataSource data, String id, String at, String team, String tags, String model, long in, long out,
      long cost) throws Exception {
    try (Connection c = data.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO warden_spend"
        + " (request_id, occurred_at, key_id, team, model, tags, input_tokens, output_tokens, cached_tokens,"
        + " cost_nanousd, estimated, outcome) VALUES (?, ?, 'k', ?, ?, ?, ?, ?, 0, ?, false, 'settled')")) {
      ps.setString(1, id);
      ps.setObject(2, OffsetDateTime.ofInstant(Instant.parse(at), ZoneOffset.UTC));
      ps.setString(3, team);
      ps.setString(4, model);
      ps.setString(5, tags);
      ps.setLong(6, in);
      ps.setLong(7, out);
      ps.setLong(8, cost);
      ps.executeUpdate();
    }
  }

  static void rows(DataSource data) throws Exception {
    spend(data, "a", "2026-12-01T09:00:00Z", "eng", "{\"project\":\"apollo\"}", "small-us", 1000, 1000, 300_000);
    spend(data, "b", "2026-12-01T10:00:00Z", "eng", "{\"project\":\"zeus\"}", "premium-us", 500, 100, 1_800_000);
    spend(data, "c", "2026-12-03T10:00:00Z", "legal, EU", "{}", "small-us", 10, 10, 3);
  }

  @Test
  void fromTheStoreAConfigurationNames(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, CATALOG + "store: {url: \"jdbc:h2:file:./data/warden\"}\n");
    try (Store s = Store.open(Optional.of(new Finance.Store("jdbc:h2:file:" + dir.resolve("data/warden"), "", "", 2)))) {
      rows(s.data());
    }
    Run csv = warden("spend", "--config", file.toString(), "--format", "csv");
    assertEquals(0, csv.code(), csv.err());
    assertEquals("team,requests,input_tokens,output_tokens,cached_tokens,cost_usd,estimated\r\n"
        + "eng,2,1500,1100,0,0.002100000,0\r\n\"legal, EU\",1,10,10,0,0.000000003,0\r\n", csv.out());

    Run table = warden("spend", "--config", file.toString(), "--group-by", "tag:project", "--from", "2026-12-01",
        "--to", "2026-12-02");
    assertEquals(0, table.code(), table.err());
    String[] lines = table.out().split("\\R");
    assertEquals(4, lines.length, table.out());
    assertTrue(lines[0].matches("tag:project +requests +input +output +cached +cost_usd +estimated"), lines[0]);
    assertTrue(lines[1].matches("zeus +1 +500 +100 +0 +0\\.001800000 +0"), lines[1]);
    assertTrue(lines[3].matches("TOTAL +2 +1500 +1100 +0 +0\\.002100000 +0"), lines[3]);

    Run compare = warden("spend", "--config", file.toString(), "--compare", "small-us,premium-us", "--format", "json");
    assertEquals(0, compare.code(), compare.err());
    JsonNode total = JSON.readTree(compare.out()).path("total");
    // 1510 input, 1110 output tokens
    assertEquals("0.000373000", total.path("cost_usd_on").path("small-us").asText());
    assertEquals("0.011900000", total.path("cost_usd_on").path("premium-us").asText());
    assertEquals("0.002100003", total.path("actual_cost_usd").asText());

    Run direct = warden("spend", "--store-url", "jdbc:h2:file:" + dir.resolve("data/warden"), "--group-by", "model",
        "--format", "json");
    assertEquals(0, direct.code(), direct.err());
    assertEquals("premium-us", JSON.readTree(direct.out()).path("rows").get(0).path("group").asText());
  }

  @Test
  void fromARunningGateway(@TempDir Path dir) throws Exception {
    String yaml = CATALOG + """
        server: {host: 127.0.0.1, port: 0}
        admin: {token: wadm-cli-spend}
        packs: {folders: [%s], watch: false}
        """.formatted(Path.of("../gateway/src/test/resources/packs").toAbsolutePath());
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, yaml);
    try (Gateway g = Gateway.create(new ConfigLoader(Env.of(Map.of()), dir).load(file), Clock.systemUTC())) {
      g.start();
      rows(g.store().data());
      String url = "http://127.0.0.1:" + g.port();
      Run csv = warden("spend", "--url", url, "--admin-token", "wadm-cli-spend", "--group-by", "tag:project",
          "--format", "csv");
      assertEquals(0, csv.code(), csv.err());
      assertEquals("tag:project,requests,input_tokens,output_tokens,cached_tokens,cost_usd,estimated\r\n"
          + "zeus,1,500,100,0,0.001800000,0\r\napollo,1,1000,1000,0,0.000300000,0\r\n\"\",1,10,10,0,0.000000003,0\r\n",
          csv.out());
      Run table = warden("spend", "--url", url, "--admin-token", "wadm-cli-spend", "--compare", "premium-us",
          "--group-by", "team");
      assertEquals(0, table.code(), table.err());
      assertTrue(table.out().contains("on premium-us"), table.out());
      assertTrue(table.out().lines().anyMatch(l -> l.matches("eng +2 +1500 +1100 +0 +0\\.002100000 +0 +0\\.011800000")),
          table.out());
      Run wrongToken = warden("spend", "--url", url, "--admin-token", "nope");
      assertEquals(1, wrongToken.code());
      assertTrue(wrongToken.err().contains("401"), wrongToken.err());
      Run unknown = warden("spend", "--url", url, "--admin-token", "wadm-cli-spend", "--compare", "gpt-9");
      assertEquals(2, unknown.code());
      assertTrue(unknown.err().contains("gpt-9"), unknown.err());
    }
  }

  @Test
  void usageErrors(@TempDir Path dir) throws Exception {
    assertEquals(2, warden("spend").code(), "a source is required");
    assertEquals(2, warden("spend", "--url", "http://127.0.0.1:9", "--store-url", "jdbc:h2:mem:x").code());
    Run from = warden("spend", "--store-url", "jdbc:h2:mem:x", "--from", "yesterday");
    assertEquals(2, from.code());
    assertTrue(from.err().contains("--from must be a time"), from.err());
    assertEquals(2, warden("spend", "--store-url", "jdbc:h2:mem:x", "--group-by", "colour").code());
    assertEquals(2, warden("spend", "--store-url", "jdbc:h2:mem:x", "--format", "xml").code());
    assertEquals(2, warden("spend", "--store-url", "jdbc:h2:mem:x", "--compare", "small-us").code(),
        "prices need the catalog");
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, CATALOG);
    Run noStore = warden("spend", "--config", file.toString());
    assertEquals(1, noStore.code());
    assertTrue(noStore.err().contains("names no store"), noStore.err());
    Run down = warden("spend", "--url", "http://127.0.0.1:9", "--admin-token", "t");
    assertEquals(1, down.code());
    assertTrue(down.err().contains("cannot reach"), down.err());
  }
}
