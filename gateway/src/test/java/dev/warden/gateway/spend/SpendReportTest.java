package dev.warden.gateway.spend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.dsl.model.ModelSpec;
import dev.warden.gateway.store.Store;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spend reports over rows written here: exact sums, grouping (tags too), ranges, CSV, the model comparison. */
class SpendReportTest {
  static final ModelSpec SMALL = new ModelSpec("small-us", "mock", "us", "small", List.of(), 0.1, 0.2, 8000);
  static final ModelSpec PREMIUM = new ModelSpec("premium-us", "mock", "us", "premium", List.of(), 2, 8, 8000);
  Store store;
  SpendReport reports;

  @BeforeEach
  void open() throws Exception {
    store = Store.open(Optional.empty());
    SpendRows.standard(store.data());
    reports = new SpendReport(store.data());
  }

  @AfterEach
  void close() {
    store.close();
  }

  static SpendQuery q(String group, String from, String to) {
    return new SpendQuery(SpendQuery.GroupBy.parse(group),
        Optional.ofNullable(from).map(f -> SpendQuery.time("from", f)),
        Optional.ofNullable(to).map(t -> SpendQuery.time("to", t)));
  }

  @Test
  void sumsPerTeamAreExactToTheNanoDollar() {
    SpendReport.Report r = reports.report(q("team", null, null));
    assertEquals(List.of(new SpendRow("legal, \"EU\"\nteam", 1, 10, 20, 0, 999_999_999L, 0),
        new SpendRow("eng", 3, 3001, 1501, 100, 123_456_797L, 1)), r.rows());
    assertEquals(new SpendRow("total", 4, 3011, 1521, 100, 1_123_456_796L, 1), r.total());
    assertEquals("1.123456796", SpendFormat.json(r).path("total").path("cost_usd").asText());
    assertEquals("0.123456797", SpendFormat.json(r).path("rows").get(1).path("cost_usd").asText());
  }

  @Test
  void everyDimensionGroups() {
    assertEquals(List.of("eu", "us", "narrow"), groups(reports.report(q("key", null, null))));
    assertEquals(List.of("bruno", "alice", "carol"), groups(reports.report(q("user", null, null))));
    assertEquals(List.of("acme", ""), groups(reports.report(q("tenant", null, null))));
    assertEquals(List.of("=cmd", "chat"), groups(reports.report(q("app", null, null))));
    assertEquals(List.of("small-us", "premium-us"), groups(reports.report(q("model", null, null))));
    assertEquals(List.of("total"), groups(reports.report(q("none", null, null))));
  }

  @Test
  void groupingByATagsValue() {
    SpendReport.Report r = reports.report(q("tag:project", null, null));
    assertEquals(List.of(new SpendRow("", 1, 10, 20, 0, 999_999_999L, 0),
        new SpendRow("apollo", 2, 3000, 1500, 100, 123_456_790L, 1),
        new SpendRow("zeus", 1, 1, 1, 0, 7, 0)), r.rows());
    assertEquals(List.of("", "x"), groups(reports.report(q("tag:stage", null, null))).stream().sorted().toList());
  }

  @Test
  void rangesIncludeFromAndExcludeTo() {
    SpendReport.Report day = reports.report(q("team", "2026-12-01", "2026-12-02"));
    assertEquals(List.of(new SpendRow("eng", 2, 3000, 1500, 100, 123_456_790L, 1)), day.rows());
    SpendReport.Report instant = reports.report(q("team", "2026-12-01T23:59:59.999Z", "2026-12-02T00:00:00.001Z"));
    assertEquals(2, instant.total().requests());
    assertEquals(1_000_000_000L, instant.total().costNanoUsd());
    assertEquals(0, reports.report(q("team", "2027-01-01", null)).rows().size());
    assertEquals(0, reports.report(q("team", "2027-01-01", null)).total().requests());
    assertEquals(1, reports.report(q("team", null, "2026-12-01")).total().requests());
  }

  @Test
  void csvIsQuotedSoEveryCellStaysOne() throws Exception {
    String csv = SpendFormat.csv(reports.report(q("team", null, null)));
    List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(csv)).getRecords();
    assertEquals(2, records.size());
    assertEquals("legal, \"EU\"\nteam", records.get(0).get("team"));
    assertEquals("0.999999999", records.get(0).get("cost_usd"));
    assertEquals("eng", records.get(1).get("team"));
    assertEquals("3001", records.get(1).get("input_tokens"));
    assertEquals("100", records.get(1).get("cached_tokens"));
    assertEquals("1", records.get(1).get("estimated"));
    assertTrue(csv.startsWith("team,requests,input_tokens,output_tokens,cached_tokens,cost_usd,estimated\r\n"), csv);
  }

  @Test
  void aGroupASpreadsheetWouldRunIsWrittenAsText() throws Exception {
    String csv = SpendFormat.csv(reports.report(q("app", null, null)));
    List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(csv)).getRecords();
    assertEquals("'=cmd", records.get(0).get("app"));
    assertEquals("chat", records.get(1).get("app"));
    assertEquals("=cmd", SpendFormat.json(reports.report(q("app", null, null))).path("rows").get(0).path("group")
        .asText(), "JSON keeps the value as it is");
    assertEquals("'-1", SpendFormat.cell("-1"));
    assertEquals("'@SUM(A1)", SpendFormat.cell("@SUM(A1)"));
    assertEquals("", SpendFormat.cell(""));
  }

  @Test
  void theComparisonPricesTheSameTokensOnEachCandidate() throws Exception {
    SpendReport.Comparison c = reports.compare(q("none", null, null), List.of(SMALL, PREMIUM));
    SpendReport.CompareRow total = c.total();
    assertEquals(1_123_456_796L, total.actual().costNanoUsd());
    // 3011 input and 1521 output tokens: at 0.1/0.2 USD per million, and at 2/8
    assertEquals(3011 * 100L + 1521 * 200L, total.candidates().get("small-us"));
    assertEquals(3011 * 2000L + 1521 * 8000L, total.candidates().get("premium-us"));
    SpendReport.Comparison byTeam = reports.compare(q("team", "2026-12-01", null), List.of(PREMIUM));
    assertEquals(List.of("legal, \"EU\"\nteam", "eng"), byTeam.rows().stream().map(r -> r.actual().group()).toList());
    assertEquals(3000 * 2000L + 1500 * 8000L, byTeam.rows().get(1).candidates().get("premium-us"));
    String csv = SpendFormat.csv(byTeam);
    CSVRecord eng = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(csv)).getRecords().get(1);
    assertEquals("0.018000000", eng.get("cost_usd_on:premium-us"));
    assertEquals("0.123456790", eng.get("actual_cost_usd"));
    assertEquals("0.018000000", SpendFormat.json(byTeam).path("rows").get(1).path("cost_usd_on").path("premium-us")
        .asText());
  }

  @Test
  void fractionsOfANanoDollarRoundHalfUp() {
    ModelSpec odd = new ModelSpec("odd", "mock", "us", "small", List.of(), 0.0000015, 0, 8000);
    // 3011 input tokens at 0.0000015 USD per million: 4.5165 nano-USD
    assertEquals(5, reports.compare(q("none", null, null), List.of(odd)).total().candidates().get("odd"));
    assertTrue(Instant.parse("2026-12-01T00:00:00Z").equals(SpendQuery.time("from", "2026-12-01")));
  }

  static List<String> groups(SpendReport.Report r) {
    return r.rows().stream().map(SpendRow::group).toList();
  }
}
