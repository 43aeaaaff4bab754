package dev.warden.cli;

import dev.warden.engine.testing.JUnitXml;
import dev.warden.engine.testing.ReportPrinter;
import dev.warden.engine.testing.RuleTests;
import dev.warden.engine.testing.TestReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code warden test}: run rule tests, report failures as expected against actual, and rule coverage. */
@Command(name = "test", mixinStandardHelpOptions = true,
    description = {"Run the rule tests (.policytest) under the paths.",
        "Packs a test file names are taken from the paths given, or from rule-packs/<name>."},
    footer = {"", "Exit codes: 0 all passed, 1 a test failed or could not run, 2 usage."})
final class TestCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Test files, pack folders, or folders holding them.")
  List<Path> paths;

  @Option(names = "--junit", paramLabel = "FILE", description = "Also write a JUnit XML report to FILE.")
  Optional<Path> junit;

  @Option(names = {"-v", "--verbose"}, description = "List passing tests too.")
  boolean verbose;

  @Option(names = "--catalog", paramLabel = "YAML", description = "Model catalog for files without model blocks "
      + "(default: the embedded gateway configuration's).")
  Optional<Path> catalog;

  @Override
  public Integer call() throws IOException {
    dev.warden.engine.catalog.ModelCatalog models;
    try {
      models = Catalogs.load(catalog);
    } catch (IOException e) {
      spec.commandLine().getErr().println("warden test: " + e.getMessage());
      return 1;
    }
    TestReport report = new RuleTests(models, Clock.systemUTC()).run(paths);
    var out = spec.commandLine().getOut();
    out.print(ReportPrinter.print(report, verbose));
    out.flush();
    if (junit.isPresent()) {
      Files.writeString(junit.get(), JUnitXml.of(report), StandardCharsets.UTF_8);
    }
    return report.ok() ? 0 : 1;
  }
}
