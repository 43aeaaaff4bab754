package dev.warden.engine.testing;

import dev.warden.dsl.diag.DiagnosticPrinter;

/** The text form of a test report, as {@code warden test} prints it. */
public final class ReportPrinter {
  private ReportPrinter() {}

  public static String print(TestReport report, boolean verbose) {
    StringBuilder out = new StringBuilder();
    // warnings belong to `warden check`; here only what stops tests from running, unless asked
    var shown = report.diagnostics().stream().filter(d -> verbose || d.isError()).toList();
    if (!shown.isEmpty()) {
      out.append(DiagnosticPrinter.of(report.sources()).print(shown));
    }
    for (TestReport.CaseResult c : report.cases()) {
      if (!c.passed()) {
        out.append("FAIL ").append(c.position()).append(" \"").append(c.name()).append("\"\n");
        for (String f : c.failures()) {
          out.append("  ").append(f).append('\n');
        }
      } else if (verbose) {
        out.append("ok   ").append(c.position()).append(" \"").append(c.name()).append("\"\n");
      }
    }
    if (!report.coverageComplete()) {
      out.append("coverage: unknown for packs that do not compile (fix the errors above)\n");
    }
    if (report.uncovered().isEmpty()) {
      out.append(report.coverageComplete() ? "coverage: every rule was fired by a test\n"
          : "coverage: every rule of the packs that compiled was fired by a test\n");
    } else {
      out.append("coverage: ").append(report.uncovered().size()).append(" rule")
          .append(report.uncovered().size() == 1 ? "" : "s").append(" no test fired:\n");
      for (TestReport.UncoveredRule r : report.uncovered()) {
        out.append("  ").append(r.rule()).append(" at ").append(r.position()).append('\n');
      }
    }
    out.append(report.passed()).append(" passed, ").append(report.failed()).append(" failed\n");
    return out.toString();
  }
}
