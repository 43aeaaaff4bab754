package dev.warden.engine.eval;

import dev.warden.dsl.schema.FactPath;
import dev.warden.engine.facts.Budgets;
import dev.warden.engine.facts.Principal;
import dev.warden.engine.facts.RequestInfo;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything known about a request before the rules run: the caller, the models its key may
 * use (empty: any), what was asked, the messages, budget states and the time. Detection is the
 * engine's own work. {@code overrides} set schema paths directly, as {@code given} does in rule
 * tests and {@code --set} in {@code warden explain}.
 */
public record RequestInput(Principal principal, Set<String> allowedModels, RequestInfo request,
    List<ChatMessage> messages, Budgets budgets, ZonedDateTime now, Map<FactPath, Object> overrides) {
  public RequestInput {
    Objects.requireNonNull(principal, "principal");
    allowedModels = Set.copyOf(allowedModels);
    Objects.requireNonNull(request, "request");
    messages = List.copyOf(messages);
    Objects.requireNonNull(budgets, "budgets");
    Objects.requireNonNull(now, "now");
    overrides = Map.copyOf(overrides);
  }
}
