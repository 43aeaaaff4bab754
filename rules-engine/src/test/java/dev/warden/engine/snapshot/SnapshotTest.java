package dev.warden.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.dsl.diag.Code;
import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.model.Enums;
import dev.warden.dsl.schema.Field;
import dev.warden.dsl.source.SourceFile;
import dev.warden.engine.catalog.ModelCatalog;
import dev.warden.engine.eval.ChatMessage;
import dev.warden.engine.eval.Decision;
import dev.warden.engine.eval.Evaluator;
import dev.warden.engine.eval.RequestInput;
import dev.warden.engine.facts.Budgets;
import dev.warden.engine.facts.Principal;
import dev.warden.engine.facts.RequestInfo;
import dev.warden.engine.redact.Redactor;
import dev.warden.engine.text.TokenCounter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {
  private static final String GOOD = """
      pack "good" version "1.0.0"
      rule "mail" {
        when prompt contains EMAIL
        then redact EMAIL
        then log metadata
      }
      rule "watch" {
        priority 7
        mode monitor
        when principal.team == "t"
        then block 451 "would block ${principal.team}"
        then log full
      }
      """;

  @Test
  void aPackThatDoesNotCompileIsNeverHalfLoaded(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("good");
    Files.createDirectories(good);
    Files.writeString(good.resolve("a.policy"), GOOD);
    Path bad = dir.resolve("bad");
    Files.createDirectories(bad);
    Files.writeString(bad.resolve("b.policy"), "pack \"bad\" version \"1.0.0\"\nrule \"r\" { when principal.teem == \"x\" then block }\n");
    PackLoader.Loaded loaded = PackLoader.load(List.of(dir), Optional.empty(), Clock.systemUTC());
    assertFalse(loaded.ok());
    assertTrue(loaded.diagnostics().stream().anyMatch(d -> d.code() == Code.T001), loaded.diagnostics()::toString);
    assertTrue(PackLoader.load(List.of(good), Optional.empty(), Clock.systemUTC()).ok());
  }

  @Test
  void theRevisionIsAHashOfTheSources() {
    String r1 = SnapshotBuilder.revision(List.of(new SourceFile("a.policy", GOOD)));
    assertEquals(r1, SnapshotBuilder.revision(List.of(new SourceFile("a.policy", GOOD))));
    assertNotEquals(r1, SnapshotBuilder.revision(List.of(new SourceFile("a.policy", GOOD + "\n"))));
    assertNotEquals(r1, SnapshotBuilder.revision(List.of(new SourceFile("b.policy", GOOD))));
  }

  @Test
  void theTraceAndMonitorEntriesCarryPositionsAndTheLogLevelFollowsPriority() {
    PolicySnapshot s = build(GOOD);
    Decision d = evaluator().request(s, input("t", "write to ann@example.com")).decision();
    assertTrue(d.allowed());
    assertEquals(List.of("good/watch", "good/mail"), d.trace().stream().map(Decision.FiredRule::rule).toList());
    assertEquals("a.policy:7:1", d.trace().getFirst().origin());
    assertEquals(List.of(new Decision.WouldHave("good/watch", "block 451 \"would block t\""),
        new Decision.WouldHave("good/watch", "log full")), d.wouldHave());
    assertEquals(Enums.LogLevel.METADATA, d.log(), "monitor rules do not set the log level");
  }

  /**
   * Evaluations take their sessions from the snapshot's pool: a session given back holds nothing
   * of the evaluation before it, so a decision never depends on the one that came before.
   */
  @Test
  void aSessionFromThePoolHoldsNothingOfTheEvaluationBefore() {
    PolicySnapshot s = build(GOOD);
    org.kie.api.runtime.KieSession first = s.newSession();
    first.insert("left behind");
    assertEquals(1, first.getFactCount());
    first.dispose();
    for (int i = 0; i < 4; i++) {
      org.kie.api.runtime.KieSession next = s.newSession();
      assertEquals(0, next.getFactCount(), "a pooled session starts empty");
      next.dispose();
    }
    Evaluator e = evaluator();
    for (int i = 0; i < 20; i++) {
      Decision watched = e.request(s, input("t", "write to ann@example.com")).decision();
      assertEquals(List.of("good/watch", "good/mail"), watched.trace().stream().map(Decision.FiredRule::rule).toList());
      Decision other = e.request(s, input("other", "nothing to see")).decision();
      assertEquals(List.of(), other.trace(), "no rule fires on a session that held the request before");
    }
  }

  @Test
  void thousandsOfAlternativesAndOddFileNamesStillBuild() {
    StringBuilder b = new StringBuilder("pack \"big\" version \"1.0.0\"\nrule \"r\" {\n  when principal.team == \"t0\"");
    for (int i = 1; i < 5_000; i++) {
      b.append(" or principal.team == \"t").append(i).append('"');
    }
    b.append(" or prompt contains EMAIL\n  then block\n}\n");
    SnapshotBuilder.Result r = SnapshotBuilder.build(List.of(new SourceFile("odd\nname */ \"x\".policy", b.toString())),
        Optional.empty(), Clock.systemUTC());
    assertTrue(r.ok(), r.diagnostics()::toString);
    Decision d = evaluator().request(r.snapshot().get(), input("t4999", "hi")).decision();
    assertEquals(403, d.block().orElseThrow().status());
  }

  @Test
  void redactingAHugeNumberOfEntitiesStaysLinearithmic() {
    PolicySnapshot s = build(GOOD);
    String prompt = "a@example.com ".repeat(100_000);
    var r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
        () -> evaluator().request(s, input("u", prompt)));
    assertEquals(100_000, r.applied().getFirst().size());
  }

  @Test
  void aModelTheKeyMayNotUseIsRefusedWhenNoRuleRoutes() {
    PolicySnapshot s = build(GOOD);
    RequestInput in = input("u", "hello");
    RequestInput restricted = new RequestInput(in.principal(), Set.of("gpt-4o-mini"), in.request(), in.messages(),
        in.budgets(), in.now(), in.overrides());
    Decision d = evaluator().request(s, restricted).decision();
    assertEquals(403, d.block().orElseThrow().status());
    assertTrue(d.block().get().message().contains("may not use the model \"gpt-4o\""), d.block().get().message());
    assertTrue(evaluator().request(s, in).decision().allowed());
  }

  @Test
  void everySchemaPathCompilesAgainstTheFactClasses() {
    StringBuilder policy = new StringBuilder("pack \"paths\" version \"1.0.0\"\n");
    int i = 0;
    for (Field f : Field.values()) {
      String path = f.pattern().replace("(*)", "(team)").replace("[*]", "[\"k\"]");
      String test = switch (f.type()) {
        case STRING -> path + " == \"x\"";
        case NUMBER -> path + " >= 1";
        case BOOL -> path;
        case LIST -> path + " contains \"x\"";
      };
      policy.append("rule \"r").append(i++).append("\" {\n  ").append(f.responseOnly() ? "on response\n  " : "")
          .append("when ").append(test).append("\n  then warn \"${").append(path.replace("\"", "\\\""))
          .append("}\"\n}\n");
    }
    SnapshotBuilder.Result r = SnapshotBuilder.build(List.of(new SourceFile("paths.policy", policy.toString())),
        Optional.empty(), Clock.systemUTC());
    assertTrue(r.ok(), () -> r.diagnostics().stream().map(Diagnostic::toString).toList().toString());
  }

  @Test
  void oneSnapshotServesManyThreadsWithTheSameAnswers() throws Exception {
    PolicySnapshot s = build(GOOD);
    Evaluator e = evaluator();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int n = 0; n < 400; n++) {
        String team = n % 2 == 0 ? "t" : "u";
        results.add(pool.submit(() -> {
          var r = e.request(s, input(team, "mail ann@example.com please"));
          return team + ":" + r.decision().wouldHave().size() + ":" + r.redactedPrompt();
        }));
      }
      for (int n = 0; n < results.size(); n++) {
        String expected = n % 2 == 0 ? "t:2:mail [EMAIL] please" : "u:0:mail [EMAIL] please";
        assertEquals(expected, results.get(n).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static PolicySnapshot build(String policy) {
    SnapshotBuilder.Result r = SnapshotBuilder.build(List.of(new SourceFile("a.policy", policy)), Optional.empty(),
        Clock.systemUTC());
    assertTrue(r.ok(), r.diagnostics()::toString);
    return r.snapshot().orElseThrow();
  }

  static Evaluator evaluator() {
    return new Evaluator(ModelCatalog.defaults(), new Redactor(new byte[] {1}), TokenCounter.cl100k(),
        m -> OptionalDouble.empty());
  }

  static RequestInput input(String team, String prompt) {
    return new RequestInput(new Principal("", "", team, "", "", "", "", List.of()), Set.of(),
        new RequestInfo("gpt-4o", "chat", false, 0, Map.of()), List.of(new ChatMessage("user", prompt)), Budgets.NONE,
        ZonedDateTime.now(), Map.of());
  }
}
