package dev.warden.engine.testing;

import dev.warden.dsl.diag.DiagnosticPrinter;

/** The text form of a test report, as {@code warden test} prints it. */
public final class ReportPrinter {
  private ReportPrinter() {}

  public static String print(TestReport report, boolean verbose) {
    StringBuilder out = new StringBuilder();
    if (!report.diagnostics().isEmpty()) {
      out.append(DiagnosticPrinter.of(report.sources()).print(report.diagnostics()));
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
    if (report.uncovered().isEmpty()) {
      out.append("coverage: every rule was fired by a test\n");
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
