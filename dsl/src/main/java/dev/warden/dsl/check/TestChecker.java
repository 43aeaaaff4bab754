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
import dev.warden.dsl.model.RuleDef;
import dev.warden.dsl.model.TestSuite;
import dev.warden.dsl.schema.FactPath;
import dev.warden.dsl.schema.Schema;
import dev.warden.dsl.schema.Suggest;
import dev.warden.dsl.schema.Type;
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
    FactPath path = fp.get();
    switch (path.field()) {
      case PROMPT_TEXT, SYSTEM_TEXT, RESPONSE_TEXT -> {
        String target = path.field().root();
        out.add(Diagnostic.of(Code.T022, v.path().span(), "`" + path.text() + "` comes from the messages",
            "write: given " + target + " \"...\""));
        return;
      }
      default -> { }
    }
    Object value = switch (v.value()) {
      case Literal.StrLit s when path.type() == Type.STRING -> s.value();
      case Literal.NumLit n when path.type() == Type.NUMBER -> n.value().doubleValue();
      case Literal.BoolLit b when path.type() == Type.BOOL -> b.value();
      case Literal.ListLit l when path.type() == Type.LIST && l.items().stream().allMatch(i -> i instanceof Literal.StrLit) ->
          l.items().stream().map(i -> ((Literal.StrLit) i).value()).toList();
      default -> null;
    };
    if (value == null) {
      out.add(Diagnostic.of(Code.T002, v.value().span(), "`" + path.text() + "` is a " + path.type().label()
          + "; " + Literal.show(v.value()) + " is not", example(path.type())));
      return;
    }
    if (values.put(path, value) != null) {
      out.add(Diagnostic.of(Code.P010, v.span(), "`" + path.text() + "` is given twice in this test"));
    }
  }

  private static String example(Type t) {
    return switch (t) {
      case STRING -> "write a string: \"...\"";
      case NUMBER -> "write a number: 42, 0.5 or 80%";
      case BOOL -> "write true or false";
      case LIST -> "write a list of strings: [\"a\", \"b\"]";
    };
  }

  private static Optional<TestSuite.Expect> expectation(TestFile.Expectation e, Optional<Program> program,
      Diagnostics out) {
    return switch (e) {
      case TestFile.ExpectAllow a -> Optional.of(new TestSuite.Allow(a.span()));
      case TestFile.ExpectBlock b -> {
        OptionalInt status = OptionalInt.empty();
        if (b.status().isPresent()) {
          var n = b.status().get();
          if (!n.isInteger() || n.value().intValue() < 400 || n.value().intValue() > 599) {
            out.add(Diagnostic.of(Code.T009, n.span(), "a block status is from 400 to 599"));
          } else {
            status = OptionalInt.of(n.value().intValue());
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
        if (scope.isEmpty() || unit.isEmpty() || per.isEmpty() || !l.amount().isInteger()) {
          yield Optional.empty();
        }
        yield Optional.of(new TestSuite.Limit(Enums.parse(Enums.Scope.class, scope.get()),
            l.amount().value().longValue(), Enums.parse(Enums.LimitUnit.class, unit.get()),
            Enums.parse(Enums.Per.class, per.get()), l.span()));
      }
    };
  }

  /** Whether {@code name} ("rule" or "pack/rule") names exactly one rule of the program. */
  public static Optional<RuleDef> findRule(String name, Program program) {
    List<RuleDef> matches = program.rules().stream()
        .filter(r -> r.fullId().equals(name) || r.id().equals(name)).toList();
    return matches.size() == 1 ? Optional.of(matches.getFirst()) : Optional.empty();
  }

  private static void ruleExists(Str rule, Program program, Diagnostics out) {
    String name = rule.value();
    long n = program.rules().stream().filter(r -> r.fullId().equals(name) || r.id().equals(name)).count();
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
