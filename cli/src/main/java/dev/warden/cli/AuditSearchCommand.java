package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.audit.AuditFilter;
import dev.warden.gateway.audit.AuditSearch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code warden audit search}: find records by request id, key, team, rule, outcome, status and time. */
@Command(name = "search", mixinStandardHelpOptions = true,
    description = {"Find audit records, newest first: one line each (time, request id, status, outcome, key, team,",
        "model, the rule that blocked), or the whole records as JSON lines with --json.",
        "Times: 2026-11-23T08:00:00Z or a day, 2026-11-23 (its start, UTC); --from is inclusive, --to is not."},
    footer = {"", "Exit codes: 0 (also when nothing matches), 1 the folder cannot be read, 2 usage."})
final class AuditSearchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The audit folder.")
  Path dir;

  @Option(names = "--request-id", paramLabel = "ID")
  Optional<String> requestId;

  @Option(names = "--key", paramLabel = "KEY-ID", description = "The virtual key's id.")
  Optional<String> key;

  @Option(names = "--team")
  Optional<String> team;

  @Option(names = "--rule", paramLabel = "RULE", description = "A rule that fired or blocked: pack/rule, or its name.")
  Optional<String> rule;

  @Option(names = "--outcome", paramLabel = "OUTCOME", description = "served, blocked, refused, failed or client_closed.")
  Optional<String> outcome;

  @Option(names = "--status", paramLabel = "CODE")
  Optional<Integer> status;

  @Option(names = "--from", paramLabel = "TIME")
  Optional<String> from;

  @Option(names = "--to", paramLabel = "TIME")
  Optional<String> to;

  @Option(names = "--limit", paramLabel = "N", description = "At most N records (1..1000; default 100).")
  int limit = AuditFilter.DEFAULT_LIMIT;

  @Option(names = "--json", description = "Print each record whole, one JSON line each.")
  boolean json;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    if (!Files.isDirectory(dir)) {
      err.println("warden audit search: " + dir + " is not a folder");
      return 2;
    }
    AuditFilter filter;
    try {
      Optional<Instant> f = from.map(v -> AuditFilter.time("--from", v));
      Optional<Instant> t = to.map(v -> AuditFilter.time("--to", v));
      filter = new AuditFilter(requestId, key, team, rule, outcome,
          status.map(OptionalInt::of).orElse(OptionalInt.empty()), f, t, limit);
    } catch (IllegalArgumentException e) {
      err.println("warden audit search: " + e.getMessage());
      return 2;
    }
    AuditSearch.Result result;
    try {
      result = AuditSearch.search(dir, filter);
    } catch (IOException e) {
      err.println("warden audit search: " + e.getMessage());
      return 1;
    }
    for (AuditSearch.Hit h : result.hits()) {
      out.println(json ? h.record().toString() : line(h.record()));
    }
    if (!json) {
      out.println(result.hits().size() + (result.hits().size() == 1 ? " record" : " records")
          + (result.truncated() ? " (more match: raise --limit or narrow the search)" : ""));
    }
    out.flush();
    return 0;
  }

  static String line(JsonNode r) {
    StringBuilder b = new StringBuilder();
    b.append(r.path("time").asText()).append("  ").append(r.path("id").asText()).append("  ")
        .append(r.path("status").asInt()).append(' ').append(r.path("outcome").asText());
    JsonNode p = r.path("principal");
    if (p.isObject()) {
      b.append("  key=").append(p.path("key").asText()).append(" team=").append(p.path("team").asText());
    }
    String served = r.path("model").path("served").asText("");
    if (!served.isEmpty()) {
      b.append("  ").append(served);
    }
    JsonNode by = r.path("blocked_by");
    if (by.isObject()) {
      b.append("  blocked by ").append(by.path("rule").asText());
      if (!by.path("origin").asText().isEmpty()) {
        b.append(" (").append(by.path("origin").asText()).append(')');
      }
    } else if (r.path("error").isObject()) {
      b.append("  ").append(r.path("error").path("code").asText());
    }
    return b.toString();
  }
}
