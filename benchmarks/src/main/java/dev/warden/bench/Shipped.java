package dev.warden.bench;

import dev.warden.engine.catalog.ModelCatalog;
import dev.warden.engine.eval.ChatMessage;
import dev.warden.engine.eval.Evaluator;
import dev.warden.engine.eval.RequestInput;
import dev.warden.engine.facts.BudgetState;
import dev.warden.engine.facts.Budgets;
import dev.warden.engine.facts.Principal;
import dev.warden.engine.facts.RequestInfo;
import dev.warden.engine.redact.Redactor;
import dev.warden.engine.snapshot.PackLoader;
import dev.warden.engine.snapshot.PolicySnapshot;
import dev.warden.engine.text.TokenCounter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/** The shipped packs (rule-packs/, or -Dwarden.packs) and requests that exercise them. */
final class Shipped {
  private Shipped() {}

  static PolicySnapshot snapshot() {
    Path packs = Path.of(System.getProperty("warden.packs", "rule-packs"));
    PackLoader.Loaded loaded = PackLoader.load(List.of(packs), Optional.empty(), Clock.systemUTC());
    if (!loaded.ok()) {
      throw new IllegalStateException("the shipped packs do not load: " + loaded.diagnostics());
    }
    return loaded.snapshot().get();
  }

  static Evaluator evaluator() {
    return new Evaluator(ModelCatalog.defaults(), new Redactor(new byte[] {1, 2, 3}), TokenCounter.cl100k(),
        m -> OptionalDouble.empty());
  }

  /** A spread of requests: benign, with PII, from an EU caller, near a budget, a PHI chart. */
  static List<RequestInput> requests() {
    String kb = "Please summarise the attached meeting notes for the quarterly planning review. ".repeat(13);
    return List.of(
        input("eng", "us", Map.of(), 0, List.of(new ChatMessage("system", "You are a helpful assistant."),
            new ChatMessage("user", kb))),
        input("sales", "us", Map.of("task", "classify"), 0, List.of(new ChatMessage("user",
            "Classify: mail ann@example.com or call +1 415 555 0132 about card 4111 1111 1111 1111"))),
        input("legal", "eu", Map.of(), 50, List.of(new ChatMessage("user", "Draft a reply to the client in Berlin."))),
        input("oncology", "us", Map.of("priority", "critical"), 104, List.of(new ChatMessage("user",
            "Summarize the chart of patient MRN-00123456, born 1985-03-12, SSN 536-22-8145."))));
  }

  private static RequestInput input(String team, String region, Map<String, String> tags, double budgetUsed,
      List<ChatMessage> messages) {
    Budgets budgets = budgetUsed == 0 ? Budgets.NONE : Budgets.of(Map.of(
        dev.warden.dsl.model.Enums.Scope.TEAM, BudgetState.of(budgetUsed, 100),
        dev.warden.dsl.model.Enums.Scope.TENANT, BudgetState.of(budgetUsed * 0.9, 100)));
    return new RequestInput(new Principal("key-1", "u1", team, "acme", "app", region, "prod", List.of("member")),
        Set.of(), new RequestInfo("gpt-4o", "chat", false, 512, tags), messages, budgets,
        ZonedDateTime.parse("2026-01-05T10:00:00Z"), Map.of());
  }
}
