package dev.warden.gateway.keys;

import dev.warden.gateway.config.Finance;
import dev.warden.gateway.config.GatewayConfig;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A virtual key made through the admin API, as {@code warden_keys} holds it: the SHA-256 of its
 * secret (and of the one before the last rotation, accepted until {@code previousValidUntil}),
 * never the secret itself.
 */
public record StoredKey(String id, String sha256, Optional<String> previousSha256, Optional<Instant> previousValidUntil,
    Identity identity, List<String> models, List<Finance.RateLimit> limits, Optional<Instant> expiresAt,
    Optional<Instant> revokedAt, Instant createdAt, Instant updatedAt) {
  public StoredKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(previousSha256, "previousSha256");
    Objects.requireNonNull(previousValidUntil, "previousValidUntil");
    Objects.requireNonNull(identity, "identity");
    models = List.copyOf(models);
    limits = List.copyOf(limits);
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(revokedAt, "revokedAt");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** Who a key speaks for: what rules see as the principal. */
  public record Identity(String user, String team, String tenant, String app, String region, String env,
      List<String> roles) {
    public Identity {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(team, "team");
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(app, "app");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(env, "env");
      roles = List.copyOf(roles);
    }

    public static final Identity NONE = new Identity("", "", "", "", "", "", List.of());
  }

  /** The key as the rest of the pipeline knows keys: the configuration's shape. */
  public GatewayConfig.KeyConfig toConfig() {
    Identity i = identity;
    return new GatewayConfig.KeyConfig(id, sha256, i.user(), i.team(), i.tenant(), i.app(), i.region(), i.env(),
        i.roles(), models, limits);
  }

  /** Whether it was revoked at or before {@code now}. */
  public boolean revoked(Instant now) {
    return revokedAt.isPresent() && !revokedAt.get().isAfter(now);
  }

  /** Whether it expired at or before {@code now}. */
  public boolean expired(Instant now) {
    return expiresAt.isPresent() && !expiresAt.get().isAfter(now);
  }
}
