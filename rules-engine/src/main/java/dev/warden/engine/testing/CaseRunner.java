package dev.warden.engine.testing;

import dev.warden.dsl.model.Enums;
import dev.warden.dsl.model.Program;
import dev.warden.dsl.model.TestSuite;
import dev.warden.engine.eval.ChatMessage;
import dev.warden.engine.eval.Decision;
import dev.warden.engine.eval.Evaluator;
import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.eval.RequestInput;
import dev.warden.engine.eval.ResponseEvaluation;
import dev.warden.engine.eval.ResponseInput;
import dev.warden.engine.facts.Budgets;
import dev.warden.engine.facts.Principal;
import dev.warden.engine.facts.RequestInfo;
import dev.warden.engine.snapshot.PolicySnapshot;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs one rule test: builds the request from its {@code given}s, evaluates the request rules
 * (and the response rules when the test gives a response and the request was not blocked),
 * and checks every expectation, describing each unmet one as expected against actual.
 */
final class CaseRunner {
  /** Tests run at a fixed time unless they give {@code time.*}: Monday 2026-01-05 10:00 UTC. */
  static final ZonedDateTime TEST_TIME = ZonedDateTime.parse("2026-01-05T10:00:00Z");

  private CaseRunner() {}

  /** What one test produced, for checking and for coverage. */
  record Outcome(RequestEvaluation request, Optional<ResponseEvaluation> response) {
    Stream<Decision> decisions() {
      return Stream.concat(Stream.of(request.decision()), response.stream().map(ResponseEvaluation::decision));
    }

    Set<String> fired() {
      return decisions().flatMap(d -> d.trace().stream()).map(Decision.FiredRule::rule)
          .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    Optional<Decision.Block> block() {
      return decisions().map(Decision::block).flatMap(Optional::stream).findFirst();
    }
  }

  static Outcome run(TestSuite.Case c, PolicySnapshot snapshot, Evaluator evaluator, String defaultModel) {
    List<ChatMessage> messages = new ArrayList<>();
    for (TestSuite.Message m : c.messages()) {
      messages.add(new ChatMessage(m.role(), m.text()));
    }
    RequestInput in = new RequestInput(Principal.ANONYMOUS, Set.of(),
        new RequestInfo(defaultModel, "chat", false, 0, Map.of()), messages, Budgets.NONE, TEST_TIME,
        c.values());
    RequestEvaluation req = evaluator.request(snapshot, in);
    Optional<ResponseEvaluation> resp = Optional.empty();
    if (c.response().isPresent() && req.decision().allowed()) {
      String served = req.decision().routing().chosen().orElse(req.facts().getRequest().model());
      resp = Optional.of(evaluator.response(req, new ResponseInput(c.response().get(), "stop", served,
          OptionalInt.empty(), c.values())));
    }
    return new Outcome(req, resp);
  }

  /** Every unmet expectation, as "expected ..., got ..." lines. */
  static List<String> check(TestSuite.Case c, Outcome o, Program program) {
    List<String> failures = new ArrayList<>();
    for (TestSuite.Expect e : c.expects()) {
      String at = "line " + e.span().line() + ": ";
      Optional<String> problem = switch (e) {
        case TestSuite.Allow a -> o.block().map(b -> "expected allow, got block " + b.status() + " \"" + b.message()
            + "\" by " + b.rule());
        case TestSuite.Block b -> block(b, o);
        case TestSuite.Fired f -> fired(f, o, program);
        case TestSuite.Redacted r -> redacted(r, o, c);
        case TestSuite.Redact r -> o.decisions().anyMatch(d -> d.redactions().containsKey(r.entity()))
            ? Optional.empty()
            : Optional.of("expected " + r.entity() + " to be redacted, got redactions of "
                + o.decisions().flatMap(d -> d.redactions().keySet().stream()).toList());
        case TestSuite.Model m -> {
          Optional<String> chosen = o.request().decision().routing().chosen();
          yield chosen.equals(Optional.of(m.model())) ? Optional.empty()
              : Optional.of("expected model \"" + m.model() + "\", got " + chosen.map(x -> "\"" + x + "\"")
                  .orElse("no model (" + o.request().decision().routing().reason() + ")"));
        }
        case TestSuite.Warn w -> {
          List<String> warnings = o.decisions().flatMap(d -> d.warnings().stream()).map(Decision.Warning::message)
              .toList();
          yield warnings.stream().anyMatch(x -> x.contains(w.substring())) ? Optional.empty()
              : Optional.of("expected a warning containing \"" + w.substring() + "\", got " + quoted(warnings));
        }
        case TestSuite.Tag t -> {
          List<String> tags = o.decisions().flatMap(d -> d.tags().entrySet().stream())
              .map(x -> x.getKey() + "=" + x.getValue()).toList();
          yield tags.contains(t.key() + "=" + t.value()) ? Optional.empty()
              : Optional.of("expected tag " + t.key() + "=" + t.value() + ", got " + tags);
        }
        case TestSuite.Limit l -> limit(l, o);
      };
      problem.ifPresent(p -> failures.add(at + p));
    }
    return failures;
  }

  private static Optional<String> block(TestSuite.Block b, Outcome o) {
    Optional<Decision.Block> got = o.block();
    if (got.isEmpty()) {
      return Optional.of("expected block" + b.status().stream().mapToObj(s -> " " + s).findFirst().orElse("")
          + ", got allow (fired: " + String.join(", ", o.fired()) + ")");
    }
    Decision.Block g = got.get();
    if (b.status().isPresent() && b.status().getAsInt() != g.status()) {
      return Optional.of("expected block " + b.status().getAsInt() + ", got block " + g.status() + " by " + g.rule());
    }
    if (b.message().isPresent() && !g.message().contains(b.message().get())) {
      return Optional.of("expected a block message containing \"" + b.message().get() + "\", got \"" + g.message()
          + "\"");
    }
    return Optional.empty();
  }

  private static Optional<String> fired(TestSuite.Fired f, Outcome o, Program program) {
    Set<String> fired = o.fired();
    boolean did = program.rulesNamed(f.rule()).stream().anyMatch(r -> fired.contains(r.fullId()));
    if (did == !f.negated()) {
      return Optional.empty();
    }
    return Optional.of((f.negated() ? "expected \"" + f.rule() + "\" not to fire, but it did"
        : "expected \"" + f.rule() + "\" to fire, but it did not") + " (fired: "
        + (fired.isEmpty() ? "none" : String.join(", ", fired)) + ")");
  }

  private static Optional<String> redacted(TestSuite.Redacted r, Outcome o, TestSuite.Case c) {
    if (r.target() == Enums.Target.RESPONSE) {
      if (o.response().isEmpty()) {
        return Optional.of(c.response().isEmpty() ? "expected a redacted response, but the test gives no response"
            : "expected a redacted response, but the request was blocked");
      }
      String got = o.response().get().toCaller();
      return got.equals(r.text()) ? Optional.empty()
          : Optional.of("expected response\n      \"" + r.text() + "\"\n    got\n      \"" + got + "\"");
    }
    String got = o.request().redactedPrompt();
    return got.equals(r.text()) ? Optional.empty()
        : Optional.of("expected prompt\n      \"" + r.text() + "\"\n    got\n      \"" + got + "\"");
  }

  private static Optional<String> limit(TestSuite.Limit l, Outcome o) {
    List<Decision.Limit> limits = o.request().decision().limits();
    boolean ok = limits.stream().anyMatch(x -> x.scope() == l.scope() && x.amount() == l.amount()
        && x.unit() == l.unit() && x.per() == l.per());
    return ok ? Optional.empty() : Optional.of("expected limit " + word(l.scope()) + " " + l.amount() + " "
        + word(l.unit()) + " per " + word(l.per()) + ", got " + limits.stream()
        .map(x -> word(x.scope()) + " " + x.amount() + " " + word(x.unit()) + " per " + word(x.per())).toList());
  }

  private static String word(Enum<?> e) {
    return Enums.word(e);
  }

  private static String quoted(List<String> l) {
    return l.isEmpty() ? "none" : l.stream().map(s -> "\"" + s + "\"").toList().toString();
  }
}
