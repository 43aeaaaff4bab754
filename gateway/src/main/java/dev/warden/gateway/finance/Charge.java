package dev.warden.gateway.finance;

import java.util.Map;
import java.util.Objects;

/**
 * What one call cost, as the {@code warden_spend} row records it: the model asked for and the
 * one that served, the tokens (the provider's usage, or counted by the gateway: {@code
 * estimated}), the cost in nano-USD at the serving model's prices, and the outcome
 * ({@code settled}, or {@code expired} when a crash left the reservation and it was charged at
 * its estimate).
 */
public record Charge(String requestedModel, String model, String endpoint, Map<String, String> tags, long inputTokens,
    long outputTokens, long cachedTokens, long costNanos, boolean estimated, String outcome) {
  public Charge {
    Objects.requireNonNull(requestedModel, "requestedModel");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(endpoint, "endpoint");
    tags = Map.copyOf(tags);
    Objects.requireNonNull(outcome, "outcome");
  }
}
