package dev.warden.cli;

import dev.warden.engine.replay.ReplayReport;
import dev.warden.engine.snapshot.PolicySnapshot;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The text report of {@code warden replay}: a summary line, then each change by rule. */
final class ReplayText {
  private ReplayText() {}

  static String of(ReplayReport r, PolicySnapshot candidate, Path audit, Optional<String> from, Optional<String> to) {
    StringBuilder b = new StringBuilder();
    b.append("Replayed ").append(r.compared()).append(r.compared() == 1 ? " request" : " requests").append(" from ")
        .append(audit);
    if (from.isPresent() || to.isPresent()) {
      b.append(" (").append(from.orElse("the start")).append(" to ").append(to.orElse("the end")).append(')');
    }
    b.append(" against revision ").append(candidate.revision()).append(" (");
    b.append(String.join(", ", candidate.program().packs().stream().map(p -> p.name() + " " + p.version()).toList()));
    b.append("): ").append(r.changed()).append(" would be decided differently.\n");
    if (r.skipped() > 0) {
      b.append("Skipped ").append(r.skipped()).append(": ");
      b.append(String.join("; ", r.skippedWhy().entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
          .toList())).append(".\n");
    }
    for (Map.Entry<ReplayReport.Change, Map<String, ReplayReport.Entry>> c : r.changes().entrySet()) {
      if (c.getValue().isEmpty()) {
        continue;
      }
      b.append('\n').append(c.getKey().words()).append(": ").append(r.count(c.getKey())).append('\n');
      int width = c.getValue().keySet().stream().mapToInt(String::length).max().orElse(10);
      c.getValue().forEach((rule, e) -> {
        b.append("  ").append(rule).append(" ".repeat(width - rule.length() + 2)).append(String.format("%6d", e.count()))
            .append("  e.g. ").append(String.join(", ", e.examples()));
        if (!e.details().isEmpty()) {
          b.append("  (").append(String.join("; ", e.details())).append(')');
        }
        b.append('\n');
      });
    }
    if (r.changed() == 0 && r.compared() > 0) {
      b.append("\nNo request would be decided differently.\n");
    }
    return b.toString();
  }
}
