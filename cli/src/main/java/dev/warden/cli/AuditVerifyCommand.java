package dev.warden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.audit.Verifier;
import dev.warden.gateway.audit.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code warden audit verify}: check the hash chain and seals, and say where the first break is. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Verify an audit log: every record's hash, the chain across records and segments, the sequence",
        "numbers and the segments' seals. Reports each problem as file:line: kind: what it means (edited,",
        "deleted, inserted, reordered, replaced, forged), the first one first.",
        "The seal keys: --key-file (repeatable), $WARDEN_AUDIT_SEAL_KEY and the audit.key the gateway generated in",
        "the folder; a seal made with none of them is a problem (it cannot be told from a forged one)."},
    footer = {"", "Exit codes: 0 the log verifies, 1 a problem was found (or the folder cannot be read), 2 usage."})
final class AuditVerifyCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The audit folder.")
  Path dir;

  @Option(names = "--key-file", paramLabel = "FILE", description = {"A file holding a seal key (audit.seal_key's value);",
      "repeat it for a log sealed with several keys (the key was changed)."})
  List<Path> keyFiles = new ArrayList<>();

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    if (!Files.isDirectory(dir)) {
      err.println("warden audit verify: " + dir + " is not a folder");
      return 2;
    }
    VerifyReport report;
    try {
      report = Verifier.verify(dir, SealKeys.of(dir, keyFiles));
    } catch (IOException | IllegalArgumentException e) {
      err.println("warden audit verify: " + e.getMessage());
      return 1;
    }
    if (json) {
      out.println(json(report).toPrettyString());
    } else {
      out.print(text(report));
    }
    out.flush();
    return report.ok() ? 0 : 1;
  }

  static String text(VerifyReport r) {
    StringBuilder b = new StringBuilder();
    for (VerifyReport.Finding n : r.notes()) {
      b.append("note: ").append(n.render()).append('\n');
    }
    for (VerifyReport.Finding p : r.problems()) {
      b.append(p.render()).append('\n');
    }
    return b.append(summary(r)).append('\n').toString();
  }

  /** The last line: what was checked, and whether the log verifies. */
  static String summary(VerifyReport r) {
    StringBuilder b = new StringBuilder();
    b.append(r.segments()).append(r.segments() == 1 ? " segment, " : " segments, ").append(r.records())
        .append(r.records() == 1 ? " record" : " records");
    if (r.records() > 0) {
      b.append(" (").append(r.firstSeq()).append("..").append(r.lastSeq()).append(')');
    }
    b.append(", ").append(r.sealsChecked()).append(r.sealsChecked() == 1 ? " seal" : " seals").append(" checked: ");
    b.append(r.ok() ? "the log verifies" : r.problems().size() + (r.problems().size() == 1 ? " problem" : " problems")
        + "; the first is where the log was changed");
    return b.toString();
  }

  static ObjectNode json(VerifyReport r) {
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("ok", r.ok());
    o.put("segments", r.segments());
    o.put("records", r.records());
    o.put("first_seq", r.firstSeq());
    o.put("last_seq", r.lastSeq());
    o.put("seals_checked", r.sealsChecked());
    ArrayNode problems = o.putArray("problems");
    r.problems().forEach(p -> problems.addObject().put("file", p.file()).put("line", p.line()).put("kind", p.kind())
        .put("message", p.message()));
    ArrayNode notes = o.putArray("notes");
    r.notes().forEach(p -> notes.addObject().put("file", p.file()).put("line", p.line()).put("kind", p.kind())
        .put("message", p.message()));
    return o;
  }
}
