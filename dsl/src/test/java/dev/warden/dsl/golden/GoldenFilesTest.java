package dev.warden.dsl.golden;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.warden.dsl.Compiler;
import dev.warden.dsl.ast.TestFile;
import dev.warden.dsl.check.TestChecker;
import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.DiagnosticPrinter;
import dev.warden.dsl.diag.Diagnostics;
import dev.warden.dsl.emit.Drl;
import dev.warden.dsl.emit.FactModel;
import dev.warden.dsl.parse.ParseResult;
import dev.warden.dsl.parse.PolicyParser;
import dev.warden.dsl.source.SourceFile;
import dev.warden.dsl.source.SourceReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files for every compiler stage: each case under {@code src/test/resources/golden/<stage>/}
 * (a file, or a folder of files forming one pack set) has its expected output in
 * {@code <case>.expected}. A mismatch prints a unified diff; run with
 * {@code -Dwarden.golden.update=true} to rewrite the expected files after a deliberate change.
 */
class GoldenFilesTest {
  private static final Path ROOT = Path.of("src", "test", "resources", "golden");
  private static final boolean UPDATE = Boolean.getBoolean("warden.golden.update");
  /** The model catalog the analysis stage checks routes against in these cases. */
  static final Set<String> CATALOG = Set.of("gpt-4o", "gpt-4o-mini", "claude-sonnet", "mistral-large",
      "llama-3.1-70b-eu");
  static final FactModel FACTS = new FactModel("dev.warden.rules", "dev.warden.engine.facts.RequestFacts",
      "dev.warden.engine.facts.ResponseFacts", "dev.warden.dsl.model.ModelSpec", "dev.warden.engine.eval.Firings");

  @TestFactory
  Stream<DynamicTest> parse() {
    return cases("parse", (sources) -> {
      Diagnostics d = new Diagnostics();
      for (SourceFile s : sources) {
        if (s.path().endsWith(".policytest")) {
          d.addAll(PolicyParser.parseTests(s).diagnostics());
        } else {
          d.addAll(PolicyParser.parsePolicy(s).diagnostics());
        }
      }
      return diagnostics(d.toList(), sources);
    });
  }

  @TestFactory
  Stream<DynamicTest> check() {
    return cases("check", sources -> {
      List<SourceFile> policies = sources.stream().filter(s -> s.path().endsWith(".policy")).toList();
      Compiler.Result r = Compiler.compile(policies,
          new Compiler.Options(Optional.of(CATALOG), Optional.empty(), Compiler.Stage.ANALYSE));
      Diagnostics d = new Diagnostics();
      d.addAll(r.diagnostics());
      for (SourceFile s : sources) {
        if (s.path().endsWith(".policytest")) {
          ParseResult<TestFile> t = PolicyParser.parseTests(s);
          d.addAll(t.diagnostics());
          t.value().ifPresent(tf -> d.addAll(TestChecker.check(tf, r.program()).diagnostics()));
        }
      }
      return diagnostics(d.toList(), sources);
    });
  }

  @TestFactory
  Stream<DynamicTest> emit() {
    return cases("emit", sources -> {
      Compiler.Result r = Compiler.compile(sources, Compiler.Options.emitting(FACTS, Optional.of(CATALOG)));
      StringBuilder out = new StringBuilder(diagnostics(r.diagnostics(), sources));
      r.drl().ifPresent(drl -> {
        out.append("--- drl ---\n").append(drl.text()).append("--- source map ---\n");
        for (Drl.Origin o : drl.origins()) {
          out.append(o.drlName()).append(" -> rule ").append(o.ruleIndex())
              .append(o.actionIndex() >= 0 ? " action " + o.actionIndex() : "")
              .append(", drl lines ").append(o.firstLine()).append('-').append(o.lastLine()).append('\n');
        }
        if (!drl.patterns().isEmpty()) {
          out.append("--- patterns ---\n");
          drl.patterns().forEach(p -> out.append(p).append('\n'));
        }
      });
      return out.toString();
    });
  }

  private interface Stage {
    String run(List<SourceFile> sources);
  }

  private static Stream<DynamicTest> cases(String stage, Stage run) {
    Path dir = ROOT.resolve(stage);
    List<Path> cases = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> !p.getFileName().toString().endsWith(".expected")).sorted().forEach(cases::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cases.stream().map(c -> DynamicTest.dynamicTest(stage + "/" + c.getFileName(), () -> {
      List<SourceFile> sources = read(c);
      String actual = run.run(sources);
      Path expectedFile = dir.resolve(c.getFileName().toString().replaceFirst("\\.policy(test)?$", "") + ".expected");
      compare(expectedFile, actual);
    }));
  }

  private static List<SourceFile> read(Path c) throws IOException {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(c)) {
      try (Stream<Path> s = Files.list(c)) {
        s.sorted().forEach(files::add);
      }
    } else {
      files.add(c);
    }
    List<SourceFile> sources = new ArrayList<>();
    for (Path f : files) {
      String display = ROOT.relativize(f).toString().replace('\\', '/');
      switch (SourceReader.decode(Files.readAllBytes(f), display)) {
        case SourceReader.Ok ok -> sources.add(ok.file());
        case SourceReader.Failed failed -> sources.add(new SourceFile(display, ""));
      }
    }
    return sources;
  }

  private static String diagnostics(List<Diagnostic> ds, List<SourceFile> sources) {
    if (ds.isEmpty()) {
      return "ok: no diagnostics\n";
    }
    Map<String, SourceFile> byPath = new LinkedHashMap<>();
    sources.forEach(s -> byPath.put(s.path(), s));
    return DiagnosticPrinter.of(byPath).print(ds);
  }

  private static void compare(Path expectedFile, String actual) throws IOException {
    if (UPDATE) {
      Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(expectedFile)) {
      fail("no " + expectedFile + "; run with -Dwarden.golden.update=true to create it. Actual:\n" + actual);
    }
    String expected = Files.readString(expectedFile, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      List<String> e = expected.lines().toList();
      List<String> a = actual.lines().toList();
      List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(expectedFile.toString(), "actual", e,
          DiffUtils.diff(e, a), 2);
      fail("output differs from " + expectedFile + " (rerun with -Dwarden.golden.update=true if intended):\n"
          + String.join("\n", diff));
    }
  }
}
