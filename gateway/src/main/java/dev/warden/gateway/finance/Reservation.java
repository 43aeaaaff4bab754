package dev.warden.gateway.finance;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Money held for one call before it is made: the worst-case cost ({@code amountNanos}) on
 * every budget of the caller ({@code holds}). With no budget to hold money on nothing is
 * written ({@code stored} false) and the call is only metered when it is settled.
 */
public record Reservation(String requestId, Caller caller, String model, long amountNanos, List<Hold> holds,
    Instant createdAt, Instant expiresAt, boolean stored) {
  public Reservation {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(model, "model");
    holds = List.copyOf(holds);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Who is charged: the key and the identity it carries. */
  public record Caller(String keyId, String user, String team, String tenant, String app) {
    public Caller {
      Objects.requireNonNull(keyId, "keyId");
      user = Objects.requireNonNullElse(user, "");
      team = Objects.requireNonNullElse(team, "");
      tenant = Objects.requireNonNullElse(tenant, "");
      app = Objects.requireNonNullElse(app, "");
    }
  }
}
