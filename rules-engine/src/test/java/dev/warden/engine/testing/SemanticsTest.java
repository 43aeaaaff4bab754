package dev.warden.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.DiagnosticPrinter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The combination semantics of the language document, written as rule tests (one folder per
 * topic under src/test/resources/semantics): blocks, redaction precedence, routing, limits,
 * monitor mode, budgets, custom entities and text conditions.
 */
class SemanticsTest {
  @TestFactory
  Stream<DynamicTest> semantics() {
    TestReport report = RuleTests.withDefaults().run(List.of(Path.of("src/test/resources/semantics")));
    DynamicTest clean = DynamicTest.dynamicTest("packs and tests have no errors", () -> {
      List<Diagnostic> errors = report.diagnostics().stream().filter(Diagnostic::isError).toList();
      assertTrue(errors.isEmpty(), () -> DiagnosticPrinter.of(report.sources()).print(errors));
    });
    DynamicTest covered = DynamicTest.dynamicTest("every rule is fired", () ->
        assertEquals(List.of(), report.uncovered().stream().map(TestReport.UncoveredRule::rule).toList()));
    return Stream.concat(Stream.of(clean, covered), report.cases().stream().map(c ->
        DynamicTest.dynamicTest(c.file() + " " + c.name(), () -> assertTrue(c.passed(),
            () -> c.position() + "\n  " + String.join("\n  ", c.failures())))));
  }
}
