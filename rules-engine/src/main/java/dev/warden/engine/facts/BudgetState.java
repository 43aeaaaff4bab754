package dev.warden.engine.facts;

/**
 * Budget of one scope for the current period. When no budget is set for the scope,
 * {@code set} is false and the emitted DRL makes every comparison on it false.
 */
public record BudgetState(boolean set, double used, double spent, double limit, double remaining) {
  public static final BudgetState NONE = new BudgetState(false, 0, 0, 0, 0);

  /** A budget with {@code spent} USD spent of {@code limit} USD. */
  public static BudgetState of(double spent, double limit) {
    double used = limit > 0 ? spent * 100.0 / limit : (spent > 0 ? Double.POSITIVE_INFINITY : 0);
    return new BudgetState(true, used, spent, limit, limit - spent);
  }
}
