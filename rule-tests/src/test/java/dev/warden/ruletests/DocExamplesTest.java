package dev.warden.ruletests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.DiagnosticPrinter;
import dev.warden.dsl.source.SourceCollector;
import dev.warden.engine.snapshot.PackLoader;
import dev.warden.engine.testing.ReportPrinter;
import dev.warden.engine.testing.RuleTests;
import dev.warden.engine.testing.TestReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of docs/policy-language.md cannot rot: every ```policy block is a complete file
 * that must check without errors, and every ```policytest block must pass against them.
 */
class DocExamplesTest {
  private static final Path DOC = Path.of("..", "docs", "policy-language.md");
  private static final Pattern PACK = Pattern.compile("^\\s*pack\\s+\"([^\"]+)\"", Pattern.MULTILINE);

  record Block(String kind, int line, String text) {}

  static List<Block> blocks() throws IOException {
    List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String fence = lines.get(i).strip();
      if (fence.equals("```policy") || fence.equals("```policytest")) {
        StringBuilder text = new StringBuilder();
        int start = i + 1;
        for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
          text.append(lines.get(i)).append('\n');
        }
        blocks.add(new Block(fence.substring(3), start + 1, text.toString()));
      }
    }
    return blocks;
  }

  @Test
  void everyExampleChecksAndEveryTestPasses(@TempDir Path dir) throws IOException {
    List<Block> blocks = blocks();
    long policies = blocks.stream().filter(b -> b.kind().equals("policy")).count();
    long tests = blocks.stream().filter(b -> b.kind().equals("policytest")).count();
    assertTrue(policies >= 20 && tests >= 10, "the reference should have many examples: " + policies + ", " + tests);
    for (Block b : blocks) {
      Path file;
      if (b.kind().equals("policy")) {
        Matcher m = PACK.matcher(b.text());
        assertTrue(m.find(), "the policy block at line " + b.line() + " has no pack header");
        file = dir.resolve("packs").resolve(m.group(1)).resolve("line-" + b.line() + ".policy");
      } else {
        file = dir.resolve("tests").resolve("line-" + b.line() + ".policytest");
      }
      Files.createDirectories(file.getParent());
      Files.writeString(file, b.text(), StandardCharsets.UTF_8);
    }
    PackLoader.Loaded loaded = PackLoader.load(List.of(dir.resolve("packs")), Optional.empty(), Clock.systemUTC());
    List<Diagnostic> errors = loaded.diagnostics().stream().filter(Diagnostic::isError).toList();
    var sources = new java.util.LinkedHashMap<String, dev.warden.dsl.source.SourceFile>();
    loaded.sources().forEach(s -> sources.put(s.path(), s));
    assertEquals(List.of(), errors.stream().map(Diagnostic::headline).toList(),
        () -> "doc examples (files are named after their line in the doc):\n" + DiagnosticPrinter.of(sources).print(errors));
    SourceCollector.Found found = SourceCollector.collect(List.of(dir.resolve("packs"), dir.resolve("tests")));
    TestReport report = RuleTests.withDefaults().run(found.policies(), found.tests(), found.diagnostics());
    assertTrue(report.ok(), () -> ReportPrinter.print(report, false));
    assertEquals(tests > 0, report.passed() > 0);
  }
}
