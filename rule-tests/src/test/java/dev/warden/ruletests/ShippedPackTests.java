package dev.warden.ruletests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.DiagnosticPrinter;
import dev.warden.engine.testing.RuleTests;
import dev.warden.engine.testing.TestReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code .policytest} file under rule-tests/ becomes a JUnit container and each of its
 * tests a JUnit test, run by the same runner as {@code warden test} against the shipped packs
 * in rule-packs/. Two more tests hold the suite to its promises: the packs and test files
 * check without errors, and every shipped rule is fired by some test.
 */
class ShippedPackTests {
  private static final Path TESTS = Path.of(".");
  private static final Path PACKS = Path.of("..", "rule-packs");

  @TestFactory
  Stream<DynamicNode> shippedRuleTests() {
    TestReport report = RuleTests.withDefaults().run(List.of(PACKS, TESTS));
    Map<String, List<TestReport.CaseResult>> byFile = new LinkedHashMap<>();
    report.cases().forEach(c -> byFile.computeIfAbsent(c.file(), k -> new ArrayList<>()).add(c));
    List<DynamicNode> nodes = new ArrayList<>();
    nodes.add(DynamicTest.dynamicTest("packs and tests check without errors", () -> {
      List<Diagnostic> errors = report.diagnostics().stream().filter(Diagnostic::isError).toList();
      assertTrue(errors.isEmpty(), () -> DiagnosticPrinter.of(report.sources()).print(errors));
    }));
    nodes.add(DynamicTest.dynamicTest("every shipped rule is fired by a test", () ->
        assertEquals(List.of(), report.uncovered().stream().map(u -> u.rule() + " at " + u.position()).toList())));
    nodes.add(DynamicTest.dynamicTest("there are rule tests", () -> assertTrue(report.cases().size() >= 7,
        "expected the shipped packs to be tested; found " + report.cases().size() + " tests")));
    byFile.forEach((file, cases) -> nodes.add(DynamicContainer.dynamicContainer(file, cases.stream().map(c ->
        DynamicTest.dynamicTest(c.name(), () -> assertTrue(c.passed(), () -> c.position() + " \"" + c.name() + "\"\n  "
            + String.join("\n  ", c.failures())))))));
    return nodes.stream();
  }
}
