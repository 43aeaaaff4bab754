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
import dev.warden.gateway.audit.Verifier;
import dev.warden.gateway.audit.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
    footer = {"", "The log is verified first, as 'warden audit verify' does (the same keys: --key-file,",
        "$WARDEN_AUDIT_SEAL_KEY, the folder's audit.key). A log that does not verify (records edited, deleted, inserted",
        "or reordered, segments missing, seals forged) is not replayed: its problems are printed where they are, and",
        "--allow-unverified replays it anyway, the report marked as coming from an unverified log.", "",
        "Exit codes: 0 replayed (1 with --fail-on-change when something would change), 1 the packs do not",
        "compile, the log cannot be read or it does not verify (without --allow-unverified), 2 usage."})
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

  @Option(names = "--key-file", paramLabel = "FILE", description = {"A file holding a seal key to verify the log with,"
      + " as for 'warden audit verify' (repeatable)."})
  List<Path> keyFiles = new ArrayList<>();

  @Option(names = "--allow-unverified", description = {"Replay a log that does not verify (it may have been changed);"
      + " the report says it comes from an unverified log."})
  boolean allowUnverified;

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
    VerifyReport verified;
    try {
      verified = Verifier.verify(audit, SealKeys.of(audit, keyFiles));
    } catch (IOException | IllegalArgumentException e) {
      err.println("warden replay: the log cannot be verified: " + e.getMessage());
      return 1;
    }
    if (!verified.ok()) {
      err.print(unverified(verified));
      err.flush();
      if (!allowUnverified) {
        err.println("warden replay: not replayed: conclusions drawn from a changed log would mislead. Find out what"
            + " happened to it ('warden audit verify " + audit + "'), or replay it anyway with --allow-unverified.");
        return 1;
      }
    }
    // what the verify covered: records written after it (a gateway still writing) are not replayed
    long lastVerified = verified.lastSeq();
    Replayer replayer = new Replayer(new Evaluator(models, new Redactor(new byte[0]), TokenCounter.cl100k(),
        m -> OptionalDouble.empty()));
    ReplayReport report = new ReplayReport();
    try {
      AuditRecords.read(audit, f, t, line -> {
        switch (line) {
          case AuditRecords.Unreadable u -> report.skip("unreadable line");
          case AuditRecords.Record r when r.json().path("seq").asLong(Long.MAX_VALUE) > lastVerified ->
              report.skip("written after the log was verified");
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
      o.put("verified", verified.ok());
      o.set("verify", AuditVerifyCommand.json(verified));
      out.println(o.toPrettyString());
    } else {
      if (!verified.ok()) {
        out.print(unverifiedMark(verified, audit));
      }
      out.print(ReplayText.of(report, candidate, audit, from, to));
      out.println("Audit log: " + AuditVerifyCommand.summary(verified) + (verified.ok() ? "." : " (replayed with"
          + " --allow-unverified)."));
    }
    out.flush();
    return failOnChange && report.changed() > 0 ? 1 : 0;
  }

  /** The problems, each where {@code warden audit verify} puts it, and its summary. */
  private String unverified(VerifyReport r) {
    StringBuilder b = new StringBuilder("warden replay: " + audit + " does not verify:\n");
    r.problems().forEach(p -> b.append(p.render()).append('\n'));
    return b.append(AuditVerifyCommand.summary(r)).append('\n').toString();
  }

  /** The first line of a report replayed from a log that does not verify. */
  static String unverifiedMark(VerifyReport r, Path audit) {
    return "UNVERIFIED LOG: " + audit + " does not verify (" + r.problems().size()
        + (r.problems().size() == 1 ? " problem" : " problems") + "; the first: " + r.problems().getFirst().render()
        + "). Replayed with --allow-unverified: the records below may have been changed, deleted or inserted.\n\n";
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
