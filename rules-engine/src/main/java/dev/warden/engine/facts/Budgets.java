package dev.warden.engine.facts;

import dev.warden.dsl.model.Enums;
import java.util.EnumMap;
import java.util.Map;

/** The budget state of every scope: {@code budget.team.used} in DRL. */
public record Budgets(BudgetState key, BudgetState user, BudgetState team, BudgetState tenant, BudgetState app) {
  public static final Budgets NONE =
      new Budgets(BudgetState.NONE, BudgetState.NONE, BudgetState.NONE, BudgetState.NONE, BudgetState.NONE);

  public static Budgets of(Map<Enums.Scope, BudgetState> states) {
    Map<Enums.Scope, BudgetState> m = new EnumMap<>(Enums.Scope.class);
    m.putAll(states);
    return new Budgets(m.getOrDefault(Enums.Scope.KEY, BudgetState.NONE),
        m.getOrDefault(Enums.Scope.USER, BudgetState.NONE), m.getOrDefault(Enums.Scope.TEAM, BudgetState.NONE),
        m.getOrDefault(Enums.Scope.TENANT, BudgetState.NONE), m.getOrDefault(Enums.Scope.APP, BudgetState.NONE));
  }

  public BudgetState of(Enums.Scope scope) {
    return switch (scope) {
      case KEY -> key;
      case USER -> user;
      case TEAM -> team;
      case TENANT -> tenant;
      case APP -> app;
    };
  }
}
