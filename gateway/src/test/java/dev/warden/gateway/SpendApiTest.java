package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.spend.SpendRows;
import dev.warden.gateway.testing.TestGateway;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code /admin/spend} and {@code /admin/spend/compare} over HTTP, in JSON and CSV. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpendApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static TestGateway gw;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    gw = TestGateway.start(dir, TestGateway.config(TestGateway.testPacks(), ""), null);
    SpendRows.standard(gw.gateway().store().data());
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void aReportPerTeamInJson() throws Exception {
    HttpResponse<String> r = gw.get("/admin/spend?group_by=team&from=2026-11-01&to=2026-12-31T00:00:00Z",
        TestGateway.ADMIN);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
    JsonNode j = JSON.readTree(r.body());
    assertEquals("team", j.path("group_by").asText());
    assertEquals("2026-11-01T00:00:00Z", j.path("from").asText());
    assertEquals("eng", j.path("rows").get(1).path("group").asText());
    assertEquals("0.123456797", j.path("rows").get(1).path("cost_usd").asText());
    assertEquals(3001, j.path("rows").get(1).path("input_tokens").asLong());
    assertEquals(1, j.path("rows").get(1).path("estimated").asLong());
    assertEquals("1.123456796", j.path("total").path("cost_usd").asText());
    assertEquals(4, j.path("total").path("requests").asLong());
  }

  @Test
  void aReportPerTagInCsv() throws Exception {
    HttpResponse<String> r = gw.get("/admin/spend?group_by=tag:project&format=csv", TestGateway.ADMIN);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("text/csv"));
    assertTrue(r.headers().firstValue("content-disposition").orElseThrow().contains("spend-tag-project.csv"));
    List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(r.body())).getRecords();
    assertEquals(List.of("", "apollo", "zeus"), rows.stream().map(x -> x.get("tag:project")).toList());
    assertEquals("0.123456790", rows.get(1).get("cost_usd"));
  }

  @Test
  void theDefaultIsPerTeamOverAllTime() throws Exception {
    JsonNode j = JSON.readTree(gw.get("/admin/spend", TestGateway.ADMIN).body());
    assertEquals("team", j.path("group_by").asText());
    assertTrue(j.path("from").isNull());
    assertEquals(2, j.path("rows").size());
  }

  @Test
  void aComparisonPerModel() throws Exception {
    HttpResponse<String> r = gw.get("/admin/spend/compare?models=small-us,premium-us&group_by=model", TestGateway.ADMIN);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode j = JSON.readTree(r.body());
    assertEquals(List.of("small-us", "premium-us"), List.of(j.path("models").get(0).asText(),
        j.path("models").get(1).asText()));
    JsonNode premium = j.path("rows").get(1);
    assertEquals("premium-us", premium.path("group").asText());
    assertEquals("0.000000001", premium.path("actual_cost_usd").asText());
    // 2000 input and 1000 output tokens on small-us (0.1 and 0.2 USD per million)
    assertEquals("0.000400000", premium.path("cost_usd_on").path("small-us").asText());
    assertEquals("0.018190000", j.path("total").path("cost_usd_on").path("premium-us").asText());
    HttpResponse<String> csv = gw.get("/admin/spend/compare?models=premium-us&format=csv", TestGateway.ADMIN);
    assertTrue(csv.body().startsWith("none,requests,input_tokens,output_tokens,cached_tokens,actual_cost_usd,"
        + "cost_usd_on:premium-us\r\ntotal,4,3011,1521,100,1.123456796,0.018190000\r\n"), csv.body());
  }
}
