package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A spend report (the JSON of {@code /admin/spend} or {@code /admin/spend/compare}) as an
 * aligned text table: the group left, numbers right, the total last.
 */
final class SpendTable {
  private SpendTable() {}

  static String render(JsonNode report) {
    boolean compare = report.path("object").asText().equals("spend_comparison");
    List<String> header = new ArrayList<>(List.of(report.path("group_by").asText(), "requests", "input", "output",
        "cached", compare ? "actual_usd" : "cost_usd", "estimated"));
    List<String> models = new ArrayList<>();
    report.path("models").forEach(m -> models.add(m.asText()));
    models.forEach(m -> header.add("on " + m));
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    for (JsonNode r : report.path("rows")) {
      rows.add(cells(r, r.path("group").asText().isEmpty() ? "(none)" : r.path("group").asText(), compare, models));
    }
    rows.add(cells(report.path("total"), "TOTAL", compare, models));
    int[] width = new int[header.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        String pad = " ".repeat(width[i] - cell.length());
        out.append(i == 0 ? cell + pad : pad + cell);
        out.append(i + 1 < row.size() ? "  " : "");
      }
      out.append(System.lineSeparator());
    }
    return out.toString();
  }

  private static List<String> cells(JsonNode r, String group, boolean compare, List<String> models) {
    List<String> c = new ArrayList<>(List.of(printable(group), r.path("requests").asText(),
        r.path("input_tokens").asText(), r.path("output_tokens").asText(), r.path("cached_tokens").asText(),
        r.path(compare ? "actual_cost_usd" : "cost_usd").asText(), r.path("estimated").asText()));
    models.forEach(m -> c.add(r.path("cost_usd_on").path(m).asText()));
    return c;
  }

  /** A group as one line of a terminal: control characters (line breaks, escapes) shown as '?'. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().forEach(cp -> b.append(Character.isISOControl(cp) ? "?" : Character.toString(cp)));
    return b.toString();
  }
}
