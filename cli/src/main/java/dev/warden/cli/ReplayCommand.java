package dev.warden.cli;

import dev.warden.dsl.diag.DiagnosticPrinter;
import dev.warden.dsl.source.SourceFile;
import dev.warden.engine.catalog.ModelCatalog;
import dev.warden.engine.eval.Evaluator;
import dev.warden.engine.redact.Redactor;
import dev.warden.engine.replay.Outcome;
import dev.warden.engine.replay.RecordedFacts;
import dev.warden.engine.replay.ReplayReport;
import dev.warden.engine.replay.Replayer;
import dev.warden.engine.snapshot.PackLoader;
import dev.warden.engine.snapshot.PolicySnapshot;
import dev.warden.engine.text.TokenCounter;
import dev.warden.gateway.audit.AuditFilter;
import dev.warden.gateway.audit.AuditRecords;
import dev.warden.gateway.audit.ReplayJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code warden replay}: what a candidate pack set would have changed on past traffic. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Re-evaluate past requests from an audit log against candidate packs and print what would change:",
        "newly blocked, no longer blocked, blocked by another rule, a different model, different redactions, and",
        "rules that would fire or no longer fire; per rule, with a count and example request ids.",
        "Works from the facts each record keeps (entities by type, offsets and score; injection and safety scores;",
        "tokens; budgets; time), so no detector runs and the default log level (redacted) is enough. Conditions on",
        "the text itself (prompt.text contains ...) see the text the record kept: redacted, or none at metadata."},
    footer = {"", "Exit codes: 0 replayed (1 with --fail-on-change when something would change), 1 the packs do not",
        "compile or the log cannot be read, 2 usage."})
final class ReplayCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--audit", required = true, paramLabel = "DIR", description = "The audit folder to replay.")
  Path audit;

  @Option(names = "--packs", required = true, arity = "1..*", paramLabel = "DIR",
      description = "The candidate pack folders (or files).")
  List<Path> packs;

  @Option(names = "--from", paramLabel = "TIME", description = "Replay requests from this time (inclusive).")
  Optional<String> from;

  @Option(names = "--to", paramLabel = "TIME", description = "Replay requests before this time.")
  Optional<String> to;

  @Option(names = "--catalog", paramLabel = "YAML", description = "Model catalog (default: the embedded gateway"
      + " configuration's); use the gateway's, so routing sees the same models.")
  Optional<Path> catalog;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(names = "--fail-on-change", description = "Exit 1 when any request would be decided differently.")
  boolean failOnChange;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    if (!Files.isDirectory(audit)) {
      err.println("warden replay: " + audit + " is not a folder");
      return 2;
    }
    Optional<Instant> f;
    Optional<Instant> t;
    try {
      f = from.map(v -> AuditFilter.time("--from", v));
      t = to.map(v -> AuditFilter.time("--to", v));
    } catch (IllegalArgumentException e) {
      err.println("warden replay: " + e.getMessage());
      return 2;
    }
    ModelCatalog models;
    try {
      models = Catalogs.load(catalog);
    } catch (IOException e) {
      err.println("warden replay: " + e.getMessage());
      return 1;
    }
    PackLoader.Loaded loaded = PackLoader.load(packs, Optional.of(models.names()), Clock.systemUTC());
    Map<String, SourceFile> sources = new LinkedHashMap<>();
    loaded.sources().forEach(s -> sources.put(s.path(), s));
    err.print(DiagnosticPrinter.of(sources).print(loaded.diagnostics().stream().filter(d -> d.isError()).toList()));
    err.flush();
    if (loaded.snapshot().isEmpty()) {
      return 1;
    }
    PolicySnapshot candidate = loaded.snapshot().get();
    Replayer replayer = new Replayer(new Evaluator(models, new Redactor(new byte[0]), TokenCounter.cl100k(),
        m -> OptionalDouble.empty()));
    ReplayReport report = new ReplayReport();
    try {
      AuditRecords.read(audit, f, t, line -> {
        switch (line) {
          case AuditRecords.Unreadable u -> report.skip("unreadable line");
          case AuditRecords.Record r -> replay(replayer, candidate, r, report);
        }
      });
    } catch (IOException e) {
      err.println("warden replay: " + e.getMessage());
      return 1;
    }
    if (json) {
      var o = ReplayJson.write(report);
      o.put("revision", candidate.revision());
      out.println(o.toPrettyString());
    } else {
      out.print(ReplayText.of(report, candidate, audit, from, to));
    }
    out.flush();
    return failOnChange && report.changed() > 0 ? 1 : 0;
  }

  private static void replay(Replayer replayer, PolicySnapshot candidate, AuditRecords.Record r, ReplayReport report) {
    Optional<RecordedFacts> facts;
    Outcome before;
    try {
      facts = AuditRecords.facts(r.json());
      before = AuditRecords.outcome(r.json());
    } catch (IllegalArgumentException e) {
      report.skip("malformed facts");
      return;
    }
    if (facts.isEmpty()) {
      report.skip("refused before the rules ran (no key, a bad body, an unknown model)");
      return;
    }
    Replayer.Replayed after = replayer.replay(candidate, facts.get());
    report.add(r.json().path("id").asText(), before, Outcome.of(after.request(), after.response()));
  }
}
