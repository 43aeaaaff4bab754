package dev.warden.cli;

import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.DiagnosticPrinter;
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

/** {@code warden compile}: print the DRL a pack compiles to (after Drools has accepted it). */
@Command(name = "compile", mixinStandardHelpOptions = true,
    description = {"Print the Drools DRL the packs compile to.", "Diagnostics go to standard error."},
    footer = {"", "Exit codes: 0 compiled, 1 errors, 2 usage."})
final class CompileCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PACK-DIR", description = "Pack folders (or files).")
  List<Path> packs;

  @Override
  public Integer call() {
    PackLoader.Loaded loaded = PackLoader.load(packs, Optional.of(Catalogs.defaults().names()), Clock.systemUTC());
    Map<String, SourceFile> sources = new LinkedHashMap<>();
    loaded.sources().forEach(f -> sources.put(f.path(), f));
    List<Diagnostic> diags = loaded.diagnostics();
    var err = spec.commandLine().getErr();
    err.print(DiagnosticPrinter.of(sources).print(diags));
    err.flush();
    if (loaded.snapshot().isEmpty()) {
      return 1;
    }
    var out = spec.commandLine().getOut();
    out.print(loaded.snapshot().get().drl().text());
    out.flush();
    return 0;
  }
}
