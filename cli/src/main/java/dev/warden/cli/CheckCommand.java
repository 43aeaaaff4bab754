package dev.warden.cli;

import dev.warden.dsl.Compiler;
import dev.warden.dsl.ast.TestFile;
import dev.warden.dsl.check.TestChecker;
import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.DiagnosticPrinter;
import dev.warden.dsl.diag.Diagnostics;
import dev.warden.dsl.parse.ParseResult;
import dev.warden.dsl.parse.PolicyParser;
import dev.warden.dsl.source.SourceCollector;
import dev.warden.dsl.source.SourceFile;
import dev.warden.engine.snapshot.PackLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code warden check}: parse and check policy and test files; all policies found are checked as one pack set. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Parse and check .policy and .policytest files and folders.",
        "All policy files found are checked together, as the gateway would load them: compiled to Drools too."},
    footer = {"", "Exit codes: 0 clean (warnings allowed), 1 errors, 2 usage."})
final class CheckCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders to check.")
  List<Path> paths;

  @Override
  public Integer call() {
    SourceCollector.Found found = SourceCollector.collect(paths);
    Diagnostics diags = new Diagnostics();
    diags.addAll(found.diagnostics());
    Map<String, SourceFile> sources = new LinkedHashMap<>();
    found.policies().forEach(f -> sources.put(f.path(), f));
    found.tests().forEach(f -> sources.put(f.path(), f));
    Optional<dev.warden.dsl.model.Program> program = Optional.empty();
    if (!found.policies().isEmpty()) {
      PackLoader.Loaded loaded = PackLoader.fromSources(found.policies(), Optional.of(Catalogs.defaults().names()),
          Clock.systemUTC());
      diags.addAll(loaded.diagnostics());
      program = loaded.snapshot().map(s -> s.program());
      if (program.isEmpty()) {
        program = Compiler.compile(found.policies(), Compiler.Options.upTo(Compiler.Stage.CHECK)).program();
      }
    }
    for (SourceFile test : found.tests()) {
      ParseResult<TestFile> parsed = PolicyParser.parseTests(test);
      diags.addAll(parsed.diagnostics());
      Optional<dev.warden.dsl.model.Program> p = program;
      parsed.value().ifPresent(t -> diags.addAll(TestChecker.check(t, p).diagnostics()));
    }
    List<Diagnostic> all = diags.toList();
    var out = spec.commandLine().getOut();
    out.print(DiagnosticPrinter.of(sources).print(all));
    long errors = all.stream().filter(Diagnostic::isError).count();
    long warnings = all.size() - errors;
    int files = found.policies().size() + found.tests().size();
    out.println("checked " + files + " file" + (files == 1 ? "" : "s") + ": " + errors + " error"
        + (errors == 1 ? "" : "s") + ", " + warnings + " warning" + (warnings == 1 ? "" : "s"));
    out.flush();
    return errors > 0 ? 1 : 0;
  }
}
