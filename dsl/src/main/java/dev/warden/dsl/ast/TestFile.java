package dev.warden.dsl.ast;

import dev.warden.dsl.source.Span;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One {@code *.policytest} file: the packs it loads, its model catalog and its tests. */
public record TestFile(String path, List<Str> packs, List<ModelDecl> models, List<TestCase> tests, Span span)
    implements Node {
  public TestFile {
    Objects.requireNonNull(path, "path");
    packs = List.copyOf(packs);
    models = List.copyOf(models);
    tests = List.copyOf(tests);
  }

  /** {@code model "name" { provider "openai" region "us" tags "baa" input 2.5 ... }}. */
  public record ModelDecl(Str name, List<ModelProp> props, Span span) implements Node {
    public ModelDecl {
      Objects.requireNonNull(name, "name");
      props = List.copyOf(props);
    }
  }

  /** One property of a model block: a name and one or more values. */
  public record ModelProp(Ident key, List<Literal> values, Span span) implements Node {
    public ModelProp {
      Objects.requireNonNull(key, "key");
      values = List.copyOf(values);
    }
  }

  /** {@code test "name" { given ... expect ... }}. */
  public record TestCase(Str name, List<Given> givens, List<Expectation> expectations, Span span) implements Node {
    public TestCase {
      Objects.requireNonNull(name, "name");
      givens = List.copyOf(givens);
      expectations = List.copyOf(expectations);
    }
  }

  /** What a test sets up. */
  public sealed interface Given extends Node permits GivenText, GivenValue {}

  /** {@code given prompt|system|response "text"}. */
  public record GivenText(Ident target, Str text, Span span) implements Given {}

  /** {@code given path = value}. */
  public record GivenValue(Path path, Literal value, Span span) implements Given {}

  /** What a test checks. */
  public sealed interface Expectation extends Node
      permits ExpectAllow, ExpectBlock, ExpectFired, ExpectRedacted, ExpectRedact, ExpectModel, ExpectWarn,
          ExpectTag, ExpectLimit {}

  public record ExpectAllow(Span span) implements Expectation {}

  public record ExpectBlock(Optional<Num> status, Optional<Str> message, Span span) implements Expectation {}

  public record ExpectFired(Str rule, boolean negated, Span span) implements Expectation {}

  public record ExpectRedacted(Ident target, Str text, Span span) implements Expectation {}

  public record ExpectRedact(Ident entity, Span span) implements Expectation {}

  public record ExpectModel(Str model, Span span) implements Expectation {}

  public record ExpectWarn(Str substring, Span span) implements Expectation {}

  public record ExpectTag(Str key, Str value, Span span) implements Expectation {}

  public record ExpectLimit(Ident scope, Num amount, Ident unit, Ident per, Span span) implements Expectation {}
}
