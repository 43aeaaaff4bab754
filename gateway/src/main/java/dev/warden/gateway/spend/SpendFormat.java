package dev.warden.gateway.spend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Spend reports as JSON and as CSV (RFC 4180, quoted by Commons CSV, so a team named
 * {@code "a,b"} or one with a quote or a line break stays one cell). Costs are exact decimal
 * strings in USD with nine decimals (the store keeps nano-USD). In CSV, a group that a
 * spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage return: tag
 * values come from callers' headers) is prefixed with an apostrophe, as OWASP advises.
 */
public final class SpendFormat {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> COLUMNS = List.of("requests", "input_tokens", "output_tokens", "cached_tokens",
      "cost_usd", "estimated");

  private SpendFormat() {}

  public static ObjectNode json(SpendReport.Report r) {
    ObjectNode o = header("spend_report", r.query());
    ArrayNode rows = o.putArray("rows");
    r.rows().forEach(row -> rows.add(row(row, true)));
    o.set("total", row(r.total(), false));
    return o;
  }

  public static ObjectNode json(SpendReport.Comparison c) {
    ObjectNode o = header("spend_comparison", c.query());
    ArrayNode models = o.putArray("models");
    c.models().forEach(models::add);
    ArrayNode rows = o.putArray("rows");
    c.rows().forEach(row -> rows.add(compared(row, true)));
    o.set("total", compared(c.total(), false));
    return o;
  }

  public static String csv(SpendReport.Report r) {
    List<String> header = new ArrayList<>();
    header.add(r.query().groupBy().name());
    header.addAll(COLUMNS);
    return print(header, p -> {
      for (SpendRow row : r.rows()) {
        p.printRecord(cells(row));
      }
    });
  }

  public static String csv(SpendReport.Comparison c) {
    List<String> header = new ArrayList<>();
    header.add(c.query().groupBy().name());
    header.addAll(List.of("requests", "input_tokens", "output_tokens", "cached_tokens", "actual_cost_usd"));
    c.models().forEach(m -> header.add("cost_usd_on:" + m));
    return print(header, p -> {
      for (SpendReport.CompareRow row : c.rows()) {
        SpendRow a = row.actual();
        List<Object> cells = new ArrayList<>(List.of(cell(a.group()), a.requests(), a.inputTokens(), a.outputTokens(),
            a.cachedTokens(), SpendRow.usd(a.costNanoUsd())));
        row.candidates().values().forEach(v -> cells.add(SpendRow.usd(v)));
        p.printRecord(cells);
      }
    });
  }

  private static List<Object> cells(SpendRow r) {
    return List.of(cell(r.group()), r.requests(), r.inputTokens(), r.outputTokens(), r.cachedTokens(),
        SpendRow.usd(r.costNanoUsd()), r.estimated());
  }

  /** A text cell a spreadsheet shows as text, never runs. */
  static String cell(String s) {
    return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
  }

  @FunctionalInterface
  private interface Rows {
    void print(CSVPrinter p) throws IOException;
  }

  private static String print(List<String> header, Rows rows) {
    StringWriter out = new StringWriter();
    try (CSVPrinter p = CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get().print(out)) {
      rows.print(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static ObjectNode header(String object, SpendQuery q) {
    ObjectNode o = JSON.createObjectNode();
    o.put("object", object);
    o.put("group_by", q.groupBy().name());
    q.from().ifPresentOrElse(f -> o.put("from", f.toString()), () -> o.putNull("from"));
    q.to().ifPresentOrElse(t -> o.put("to", t.toString()), () -> o.putNull("to"));
    o.put("currency", "USD");
    return o;
  }

  private static ObjectNode row(SpendRow r, boolean group) {
    ObjectNode o = JSON.createObjectNode();
    if (group) {
      o.put("group", r.group());
    }
    o.put("requests", r.requests());
    o.put("input_tokens", r.inputTokens());
    o.put("output_tokens", r.outputTokens());
    o.put("cached_tokens", r.cachedTokens());
    o.put("cost_usd", SpendRow.usd(r.costNanoUsd()));
    o.put("estimated", r.estimated());
    return o;
  }

  private static ObjectNode compared(SpendReport.CompareRow row, boolean group) {
    ObjectNode o = row(row.actual(), group);
    o.remove("cost_usd");
    o.put("actual_cost_usd", SpendRow.usd(row.actual().costNanoUsd()));
    ObjectNode c = o.putObject("cost_usd_on");
    row.candidates().forEach((m, v) -> c.put(m, SpendRow.usd(v)));
    return o;
  }
}
