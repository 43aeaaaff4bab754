package dev.warden.engine.testing;

import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.source.SourceFile;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of running rule tests: each test's result, the diagnostics of files that could
 * not run, and the rules no test fired ({@code coverageComplete} is false when some packs did
 * not compile, so their rules could not be counted).
 */
public record TestReport(List<CaseResult> cases, List<Diagnostic> diagnostics, List<UncoveredRule> uncovered,
    Map<String, SourceFile> sources, boolean coverageComplete) {
  public TestReport {
    cases = List.copyOf(cases);
    diagnostics = List.copyOf(diagnostics);
    uncovered = List.copyOf(uncovered);
    sources = Map.copyOf(sources);
  }

  /** One test: where it is, whether it passed, and for a failure each unmet expectation. */
  public record CaseResult(String file, String name, String position, boolean passed, List<String> failures,
      long micros) {
    public CaseResult {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(name, "name");
      failures = List.copyOf(failures);
    }
  }

  /** A rule of the packs under test that no test fired. */
  public record UncoveredRule(String rule, String position) {}

  public long passed() {
    return cases.stream().filter(CaseResult::passed).count();
  }

  /** Failed tests, plus one per file that could not run. */
  public long failed() {
    return cases.stream().filter(c -> !c.passed()).count();
  }

  public boolean ok() {
    return failed() == 0 && diagnostics.stream().noneMatch(Diagnostic::isError);
  }
}
