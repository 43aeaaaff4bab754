package dev.warden.engine.testing;

import dev.warden.dsl.Compiler;
import dev.warden.dsl.ast.TestFile;
import dev.warden.dsl.check.TestChecker;
import dev.warden.dsl.diag.Code;
import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.Diagnostics;
import dev.warden.dsl.model.ModelSpec;
import dev.warden.dsl.model.Program;
import dev.warden.dsl.model.RuleDef;
import dev.warden.dsl.model.TestSuite;
import dev.warden.dsl.parse.ParseResult;
import dev.warden.dsl.parse.PolicyParser;
import dev.warden.dsl.source.SourceCollector;
import dev.warden.dsl.source.SourceFile;
import dev.warden.engine.catalog.ModelCatalog;
import dev.warden.engine.eval.Evaluator;
import dev.warden.engine.redact.Redactor;
import dev.warden.engine.snapshot.PolicySnapshot;
import dev.warden.engine.snapshot.SnapshotBuilder;
import dev.warden.engine.text.TokenCounter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs {@code .policytest} files: the library behind {@code warden test} and the JUnit
 * factory of {@code rule-tests}. Each file loads the packs it names (compiled once per set of
 * packs), runs its tests with its own model catalog or the default one, and the report lists
 * every failure as expected against actual, and every rule no test fired.
 */
public final class RuleTests {
  /** The HMAC key of {@code redact ... using hash} in tests, so expected hashes are stable. */
  public static final byte[] TEST_HASH_KEY = "warden-rule-tests".getBytes(StandardCharsets.UTF_8);

  private final ModelCatalog defaultCatalog;
  private final TokenCounter tokens = TokenCounter.cl100k();
  private final Clock clock;
  private final Map<List<Set<String>>, SnapshotBuilder.Result> snapshots = new HashMap<>();

  public RuleTests(ModelCatalog defaultCatalog, Clock clock) {
    this.defaultCatalog = defaultCatalog;
    this.clock = clock;
  }

  public static RuleTests withDefaults() {
    return new RuleTests(ModelCatalog.defaults(), Clock.systemUTC());
  }

  /** Runs every test file under the paths; policy files under them are the packs available. */
  public TestReport run(List<Path> paths) {
    SourceCollector.Found found = SourceCollector.collect(paths);
    return run(found.policies(), found.tests(), found.diagnostics());
  }

  public TestReport run(List<SourceFile> policies, List<SourceFile> tests, List<Diagnostic> readProblems) {
    Diagnostics diags = new Diagnostics();
    diags.addAll(readProblems);
    Map<String, SourceFile> sources = new LinkedHashMap<>();
    policies.forEach(f -> sources.put(f.path(), f));
    tests.forEach(f -> sources.put(f.path(), f));
    PackIndex index = new PackIndex(policies);
    List<TestReport.CaseResult> results = new ArrayList<>();
    Map<String, RuleDef> allRules = new LinkedHashMap<>();
    Set<String> fired = new LinkedHashSet<>();
    boolean[] complete = {true};
    for (SourceFile test : tests) {
      complete[0] &= runFile(test, index, sources, diags, results, allRules, fired);
    }
    diags.addAll(index.problems());
    complete[0] &= untestedPacks(policies, allRules);
    List<TestReport.UncoveredRule> uncovered = new ArrayList<>();
    allRules.forEach((id, r) -> {
      if (!fired.contains(id)) {
        uncovered.add(new TestReport.UncoveredRule(id, r.span().position()));
      }
    });
    return new TestReport(results, diags.toList(), uncovered, sources, complete[0]);
  }

  /** Runs one file; false when its packs could not be compiled, so coverage cannot be complete. */
  private boolean runFile(SourceFile test, PackIndex index, Map<String, SourceFile> sources, Diagnostics diags,
      List<TestReport.CaseResult> results, Map<String, RuleDef> allRules, Set<String> fired) {
    ParseResult<TestFile> parsed = PolicyParser.parseTests(test);
    diags.addAll(parsed.diagnostics());
    if (parsed.value().isEmpty()) {
      results.add(fileFailed(test, "the test file has errors (see above)"));
      return true;
    }
    TestFile file = parsed.value().get();
    List<SourceFile> packSources = new ArrayList<>();
    Set<String> packNames = new TreeSet<>();
    boolean missing = false;
    for (var ref : file.packs()) {
      if (!dev.warden.dsl.check.PackChecker.validPackName(ref.value())) {
        missing = true;
        diags.add(Diagnostic.of(Code.T018, ref.span(), "invalid pack name",
            "pack names are lower case letters, digits, '.', '-' and '_' (at most 64)"));
        continue;
      }
      Optional<List<SourceFile>> files = index.find(ref.value(), test.path());
      if (files.isEmpty()) {
        missing = true;
        diags.add(Diagnostic.of(Code.T019, ref.span(), "no pack \"" + ref.value() + "\" found",
            "give its folder on the command line, or keep it in rule-packs/" + ref.value() + "/"));
        continue;
      }
      packNames.add(ref.value());
      files.get().forEach(f -> {
        sources.put(f.path(), f);
        if (packSources.stream().noneMatch(x -> x.path().equals(f.path()))) {
          packSources.add(f);
        }
      });
    }
    if (missing || packNames.isEmpty()) {
      results.add(fileFailed(test, packNames.isEmpty() && !missing ? "the file names no pack" : "a pack it tests is missing"));
      return !missing;
    }
    List<ModelSpec> declared = TestChecker.check(file, Optional.empty()).suite().map(TestSuite::models)
        .orElse(List.of());
    ModelCatalog catalog = declared.isEmpty() ? defaultCatalog : new ModelCatalog(declared);
    // the catalog only changes analysis warnings (routes to unknown models), but those are per file
    SnapshotBuilder.Result built = snapshots.computeIfAbsent(List.of(packNames, Set.copyOf(catalog.names())),
        k -> SnapshotBuilder.build(packSources, Optional.of(catalog.names()), clock));
    diags.addAll(built.diagnostics().stream().filter(d -> !reported(diags, d)).toList());
    if (built.snapshot().isEmpty()) {
      results.add(fileFailed(test, "the packs " + packNames + " do not compile (see above)"));
      return false;
    }
    PolicySnapshot snapshot = built.snapshot().get();
    Program program = snapshot.program();
    program.rules().forEach(r -> allRules.putIfAbsent(r.fullId(), r));
    TestChecker.Result checked = TestChecker.check(file, Optional.of(program));
    diags.addAll(checked.diagnostics());
    if (checked.suite().isEmpty()) {
      results.add(fileFailed(test, "the test file has errors (see above)"));
      return true;
    }
    Evaluator evaluator = new Evaluator(catalog, new Redactor(TEST_HASH_KEY), tokens, m -> OptionalDouble.empty());
    String defaultModel = catalog.models().isEmpty() ? "" : catalog.models().getFirst().name();
    for (TestSuite.Case c : checked.suite().get().cases()) {
      long t0 = System.nanoTime();
      List<String> failures;
      try {
        CaseRunner.Outcome o = CaseRunner.run(c, snapshot, evaluator, defaultModel);
        fired.addAll(o.fired());
        failures = CaseRunner.check(c, o, program);
      } catch (RuntimeException e) {
        failures = List.of("the test could not run: " + e);
      }
      results.add(new TestReport.CaseResult(test.path(), c.name(), c.span().position(), failures.isEmpty(), failures,
          (System.nanoTime() - t0) / 1000));
    }
    return true;
  }

  private static boolean reported(Diagnostics diags, Diagnostic d) {
    return diags.toList().contains(d);
  }

  /** Packs given but named by no test file: their rules count as not covered. False when they do not compile. */
  private static boolean untestedPacks(List<SourceFile> policies, Map<String, RuleDef> allRules) {
    if (policies.isEmpty()) {
      return true;
    }
    Compiler.Result r = Compiler.compile(policies, Compiler.Options.upTo(Compiler.Stage.CHECK));
    r.program().ifPresent(p -> p.rules().forEach(rule -> allRules.putIfAbsent(rule.fullId(), rule)));
    return r.program().isPresent();
  }

  private static TestReport.CaseResult fileFailed(SourceFile test, String why) {
    return new TestReport.CaseResult(test.path(), "(file)", test.path() + ":1:1", false, List.of(why), 0);
  }
}
