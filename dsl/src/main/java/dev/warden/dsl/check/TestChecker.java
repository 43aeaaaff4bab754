package dev.warden.dsl.check;

import dev.warden.dsl.ast.Ident;
import dev.warden.dsl.ast.Literal;
import dev.warden.dsl.ast.Str;
import dev.warden.dsl.ast.TestFile;
import dev.warden.dsl.diag.Code;
import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.Diagnostics;
import dev.warden.dsl.model.EntityDef;
import dev.warden.dsl.model.Enums;
import dev.warden.dsl.model.ModelSpec;
import dev.warden.dsl.model.Program;
import dev.warden.dsl.model.TestSuite;
import dev.warden.dsl.schema.FactPath;
import dev.warden.dsl.schema.Schema;
import dev.warden.dsl.schema.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The checker stage for {@code .policytest} files: types every {@code given} against the
 * schema, checks model blocks and expectations, and (when the packs under test are known)
 * that expected rules and entity types exist.
 */
public final class TestChecker {
  private static final Set<String> MODEL_PROPS =
      new LinkedHashSet<>(List.of("provider", "region", "tier", "tags", "input", "output", "context"));

  private TestChecker() {}

  public record Result(Optional<TestSuite> suite, List<Diagnostic> diagnostics) {
    public Result {
      diagnostics = List.copyOf(diagnostics);
    }
  }

  /** Checks a test file; {@code program} holds the packs it tests when they are known. */
  public static Result check(TestFile file, Optional<Program> program) {
    Diagnostics out = new Diagnostics();
    List<ModelSpec> models = models(file, out);
    List<TestSuite.Case> cases = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (TestFile.TestCase t : file.tests()) {
      if (!names.add(t.name().value())) {
        out.add(Diagnostic.of(Code.T012, t.name().span(), "test \"" + t.name().value() + "\" is already defined in this file"));
      }
      cases.add(testCase(t, program, out));
    }
    for (Str pack : file.packs()) {
      if (!PackChecker.validPackName(pack.value())) {
        out.add(Diagnostic.of(Code.T018, pack.span(), "invalid pack name \"" + pack.value() + "\"",
            "pack names are lower case letters, digits, '.', '-' and '_' (at most 64)"));
      }
    }
    List<TestSuite.PackRef> refs = file.packs().stream().map(s -> new TestSuite.PackRef(s.value(), s.span())).toList();
    if (out.hasErrors()) {
      return new Result(Optional.empty(), out.toList());
    }
    return new Result(Optional.of(new TestSuite(file.path(), refs.stream().map(TestSuite.PackRef::name).toList(), refs,
        models, cases)), out.toList());
  }

  // ------------------------------------------------------------------ models

  private static List<ModelSpec> models(TestFile file, Diagnostics out) {
    Map<String, ModelSpec> models = new LinkedHashMap<>();
    for (TestFile.ModelDecl m : file.models()) {
      String provider = "";
      String region = "";
      String tier = "";
      List<String> tags = new ArrayList<>();
      double input = 0;
      double output = 0;
      long context = 0;
      for (TestFile.ModelProp p : m.props()) {
        String key = p.key().name();
        if (!MODEL_PROPS.contains(key)) {
          String hint = Suggest.nearest(key, MODEL_PROPS).map(s -> "did you mean `" + s + "`?")
              .orElse("one of " + String.join(", ", MODEL_PROPS));
          out.add(Diagnostic.of(Code.T020, p.key().span(), "unknown model property `" + key + "`", hint));
          continue;
        }
        switch (key) {
          case "provider" -> provider = oneString(p, out);
          case "region" -> region = oneString(p, out);
          case "tier" -> tier = oneString(p, out);
          case "tags" -> p.values().forEach(v -> {
            if (v instanceof Literal.StrLit s) {
              tags.add(s.value());
            } else {
              out.add(Diagnostic.of(Code.T002, v.span(), "tags are strings"));
            }
          });
          case "input" -> input = oneNumber(p, out);
          case "output" -> output = oneNumber(p, out);
          default -> context = (long) oneNumber(p, out);
        }
      }
      ModelSpec spec = new ModelSpec(m.name().value(), provider, region, tier, tags, input, output, context);
      if (models.putIfAbsent(spec.name(), spec) != null) {
        out.add(Diagnostic.of(Code.T023, m.name().span(), "model \"" + spec.name() + "\" is declared twice"));
      }
    }
    return List.copyOf(models.values());
  }

  private static String oneString(TestFile.ModelProp p, Diagnostics out) {
    if (p.values().size() == 1 && p.values().getFirst() instanceof Literal.StrLit s) {
      return s.value();
    }
    out.add(Diagnostic.of(Code.T002, p.span(), "`" + p.key().name() + "` takes one string"));
    return "";
  }

  private static double oneNumber(TestFile.ModelProp p, Diagnostics out) {
    if (p.values().size() == 1 && p.values().getFirst() instanceof Literal.NumLit n && !n.percent()
        && n.value().signum() >= 0) {
      return n.value().doubleValue();
    }
    out.add(Diagnostic.of(Code.T002, p.span(), "`" + p.key().name() + "` takes one number, 0 or more"));
    return 0;
  }

  // ------------------------------------------------------------------ cases

  private static TestSuite.Case testCase(TestFile.TestCase t, Optional<Program> program, Diagnostics out) {
    List<TestSuite.Message> messages = new ArrayList<>();
    Optional<String> response = Optional.empty();
    Map<FactPath, Object> values = new LinkedHashMap<>();
    for (TestFile.Given g : t.givens()) {
      switch (g) {
        case TestFile.GivenText text -> {
          String target = text.target().name();
          if (target.equals("response")) {
            if (response.isPresent()) {
              out.add(Diagnostic.of(Code.P010, g.span(), "a test has one response"));
            }
            response = Optional.of(text.text().value());
          } else {
            messages.add(new TestSuite.Message(target.equals("system") ? "system" : "user", text.text().value()));
          }
        }
        case TestFile.GivenValue v -> given(v, values, out);
      }
    }
    List<TestSuite.Expect> expects = new ArrayList<>();
    for (TestFile.Expectation e : t.expectations()) {
      expectation(e, program, out).ifPresent(expects::add);
    }
    return new TestSuite.Case(t.name().value(), t.span(), messages, response, values, expects);
  }

  private static void given(TestFile.GivenValue v, Map<FactPath, Object> values, Diagnostics out) {
    Optional<FactPath> fp = new ExprChecker.Paths(out, Enums.Phase.RESPONSE).resolve(v.path());
    if (fp.isEmpty()) {
      return;
    }
    switch (PathValues.typed(fp.get(), v.value())) {
      case PathValues.Failed f -> out.add(Diagnostic.of(f.code(), f.code() == Code.T022 ? v.path().span()
          : v.value().span(), f.message(), f.hint().orElse(null)));
      case PathValues.Ok ok -> {
        if (values.put(ok.path(), ok.value()) != null) {
          out.add(Diagnostic.of(Code.P010, v.span(), "`" + ok.path().text() + "` is given twice in this test"));
        }
      }
    }
  }

  private static Optional<TestSuite.Expect> expectation(TestFile.Expectation e, Optional<Program> program,
      Diagnostics out) {
    return switch (e) {
      case TestFile.ExpectAllow a -> Optional.of(new TestSuite.Allow(a.span()));
      case TestFile.ExpectBlock b -> {
        OptionalInt status = OptionalInt.empty();
        if (b.status().isPresent()) {
          var n = b.status().get();
          var whole = n.wholeIn(400, 599);
          if (whole.isEmpty()) {
            out.add(Diagnostic.of(Code.T009, n.span(), "a block status is from 400 to 599"));
          } else {
            status = OptionalInt.of((int) whole.getAsLong());
          }
        }
        yield Optional.of(new TestSuite.Block(status, b.message().map(Str::value), b.span()));
      }
      case TestFile.ExpectFired f -> {
        program.ifPresent(p -> ruleExists(f.rule(), p, out));
        yield Optional.of(new TestSuite.Fired(f.rule().value(), f.negated(), f.span()));
      }
      case TestFile.ExpectRedacted r -> {
        String t = r.target().name();
        if (!t.equals("prompt") && !t.equals("response")) {
          out.add(Diagnostic.of(Code.T008, r.target().span(), "`expect redacted` checks prompt or response",
              Suggest.nearest(t, List.of("prompt", "response")).map(s -> "did you mean `" + s + "`?").orElse(null)));
          yield Optional.empty();
        }
        yield Optional.of(new TestSuite.Redacted(Enums.parse(Enums.Target.class, t), r.text().value(), r.span()));
      }
      case TestFile.ExpectRedact r -> {
        program.ifPresent(p -> entityExists(r.entity(), p, out));
        yield Optional.of(new TestSuite.Redact(r.entity().name(), r.span()));
      }
      case TestFile.ExpectModel m -> Optional.of(new TestSuite.Model(m.model().value(), m.span()));
      case TestFile.ExpectWarn w -> Optional.of(new TestSuite.Warn(w.substring().value(), w.span()));
      case TestFile.ExpectTag t -> Optional.of(new TestSuite.Tag(t.key().value(), t.value().value(), t.span()));
      case TestFile.ExpectLimit l -> {
        Optional<String> scope = Options.word(l.scope(), Schema.Option.SCOPE, out);
        Optional<String> unit = Options.word(l.unit(), Schema.Option.UNIT, out);
        Optional<String> per = Options.word(l.per(), Schema.Option.PER, out);
        if (l.amount().wholeIn(1, Long.MAX_VALUE / 2).isEmpty()) {
          out.add(Diagnostic.of(Code.T010, l.amount().span(), "a limit is a whole number above 0"));
        }
        if (scope.isEmpty() || unit.isEmpty() || per.isEmpty() || l.amount().wholeIn(1, Long.MAX_VALUE / 2).isEmpty()) {
          yield Optional.empty();
        }
        yield Optional.of(new TestSuite.Limit(Enums.parse(Enums.Scope.class, scope.get()),
            l.amount().value().longValue(), Enums.parse(Enums.LimitUnit.class, unit.get()),
            Enums.parse(Enums.Per.class, per.get()), l.span()));
      }
    };
  }

  private static void ruleExists(Str rule, Program program, Diagnostics out) {
    String name = rule.value();
    long n = program.rulesNamed(name).size();
    if (n == 1) {
      return;
    }
    if (n > 1) {
      out.add(Diagnostic.of(Code.T021, rule.span(), "\"" + name + "\" names a rule in several packs",
          "write it as \"pack/" + name + "\""));
      return;
    }
    List<String> ids = new ArrayList<>();
    program.rules().forEach(r -> {
      ids.add(r.id());
      ids.add(r.fullId());
    });
    out.add(Diagnostic.of(Code.T021, rule.span(), "no rule \"" + name + "\" in the packs under test",
        Suggest.nearest(name, ids).map(s -> "did you mean \"" + s + "\"?").orElse(null)));
  }

  private static void entityExists(Ident entity, Program program, Diagnostics out) {
    Set<String> known = new LinkedHashSet<>(Schema.BUILTIN_ENTITIES);
    program.entities().values().stream().map(EntityDef::name).forEach(known::add);
    if (!known.contains(entity.name())) {
      out.add(Diagnostic.of(Code.T004, entity.span(), "unknown entity type `" + entity.name() + "`",
          Suggest.nearest(entity.name(), known).map(s -> "did you mean `" + s + "`?").orElse(null)));
    }
  }
}
