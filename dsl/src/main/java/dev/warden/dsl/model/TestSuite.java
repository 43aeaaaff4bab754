package dev.warden.dsl.model;

import dev.warden.dsl.schema.FactPath;
import dev.warden.dsl.source.Span;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A checked {@code .policytest} file: the packs it loads, its own model catalog (empty: use
 * the default gateway catalog) and its test cases.
 */
public record TestSuite(String path, List<String> packs, List<PackRef> packRefs, List<ModelSpec> models,
    List<Case> cases) {
  public TestSuite {
    Objects.requireNonNull(path, "path");
    packs = List.copyOf(packs);
    packRefs = List.copyOf(packRefs);
    models = List.copyOf(models);
    cases = List.copyOf(cases);
  }

  /** A pack named in the {@code tests} header, with where it was named. */
  public record PackRef(String name, Span span) {}

  /** A request message set by {@code given prompt|system "..."}. */
  public record Message(String role, String text) {
    public Message {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(text, "text");
    }
  }

  /** One test: the messages, the response (if any), path values that override the facts, and expectations. */
  public record Case(String name, Span span, List<Message> messages, Optional<String> response,
      Map<FactPath, Object> values, List<Expect> expects) {
    public Case {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(span, "span");
      messages = List.copyOf(messages);
      Objects.requireNonNull(response, "response");
      values = Map.copyOf(values);
      expects = List.copyOf(expects);
    }
  }

  /** What a test checks, with where it was written. */
  public sealed interface Expect {
    Span span();
  }

  public record Allow(Span span) implements Expect {}

  public record Block(OptionalInt status, Optional<String> message, Span span) implements Expect {}

  public record Fired(String rule, boolean negated, Span span) implements Expect {}

  public record Redacted(Enums.Target target, String text, Span span) implements Expect {}

  public record Redact(String entity, Span span) implements Expect {}

  public record Model(String model, Span span) implements Expect {}

  public record Warn(String substring, Span span) implements Expect {}

  public record Tag(String key, String value, Span span) implements Expect {}

  public record Limit(Enums.Scope scope, long amount, Enums.LimitUnit unit, Enums.Per per, Span span)
      implements Expect {}
}
