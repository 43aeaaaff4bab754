package dev.warden.gateway.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.replay.ReplayReport;
import java.util.Locale;
import java.util.Map;

/** A {@link ReplayReport} as JSON: {@code warden replay --json} and {@code GET /admin/packs/shadow}. */
public final class ReplayJson {
  private ReplayJson() {}

  public static ObjectNode write(ReplayReport report) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("compared", report.compared());
    o.put("changed", report.changed());
    o.put("skipped", report.skipped());
    ObjectNode why = o.putObject("skipped_why");
    report.skippedWhy().forEach(why::put);
    ObjectNode changes = o.putObject("changes");
    for (Map.Entry<ReplayReport.Change, Map<String, ReplayReport.Entry>> c : report.changes().entrySet()) {
      ArrayNode rules = changes.putArray(c.getKey().name().toLowerCase(Locale.ROOT));
      c.getValue().forEach((rule, e) -> {
        ObjectNode x = rules.addObject();
        x.put("rule", rule);
        x.put("count", e.count());
        ArrayNode ex = x.putArray("examples");
        e.examples().forEach(ex::add);
        if (!e.details().isEmpty()) {
          ArrayNode d = x.putArray("details");
          e.details().forEach(d::add);
        }
      });
    }
    return o;
  }
}
