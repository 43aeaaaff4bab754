package dev.warden.gateway.auth;

import dev.warden.engine.facts.Principal;
import dev.warden.gateway.config.ConfigLoader;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.keys.KeyStore;
import dev.warden.gateway.keys.StoredKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The virtual keys callers authenticate with, by the SHA-256 of their secret: the secret
 * itself is never stored. A key maps to a principal and the models it may use. The keys of the
 * configuration file are looked up first (in memory), then those made through the admin API
 * (the {@link KeyStore}, read on every request so that a revocation holds at once everywhere).
 */
public final class VirtualKeys {
  private final Map<String, GatewayConfig.KeyConfig> bySha;
  private final Map<String, GatewayConfig.KeyConfig> byId;
  private final Optional<KeyStore> store;
  private final Clock clock;

  /** What a secret is. */
  public sealed interface Lookup {
    /** A key that may be used now. */
    record Found(GatewayConfig.KeyConfig key) implements Lookup {}

    /** A stored key that may not be used (any more): the message says why, never the secret. */
    record Refused(String code, String message) implements Lookup {}

    /** No key has this secret. */
    record Unknown() implements Lookup {}
  }

  /** The configuration's keys only. */
  public VirtualKeys(List<GatewayConfig.KeyConfig> keys) {
    this(keys, Optional.empty(), Clock.systemUTC());
  }

  public VirtualKeys(List<GatewayConfig.KeyConfig> keys, Optional<KeyStore> store, Clock clock) {
    this.bySha = keys.stream().collect(Collectors.toUnmodifiableMap(GatewayConfig.KeyConfig::sha256,
        Function.identity()));
    this.byId = keys.stream().collect(Collectors.toUnmodifiableMap(GatewayConfig.KeyConfig::id,
        Function.identity(), (a, b) -> a));
    this.store = store;
    this.clock = clock;
  }

  /** The key whose secret this is, when it may be used now. */
  public Optional<GatewayConfig.KeyConfig> find(String secret) {
    return lookup(secret) instanceof Lookup.Found f ? Optional.of(f.key()) : Optional.empty();
  }

  /**
   * The key whose secret this is, or why it is refused: revoked, expired, or a secret replaced
   * by a rotation whose grace period is over.
   *
   * @throws dev.warden.gateway.store.StoreException when the store cannot be read
   */
  public Lookup lookup(String secret) {
    if (secret.isEmpty() || secret.length() > 512) {
      return new Lookup.Unknown();
    }
    String sha = ConfigLoader.sha256(secret);
    GatewayConfig.KeyConfig configured = bySha.get(sha);
    if (configured != null) {
      return new Lookup.Found(configured);
    }
    if (store.isEmpty()) {
      return new Lookup.Unknown();
    }
    Optional<StoredKey> stored = store.get().bySha256(sha);
    if (stored.isEmpty()) {
      return new Lookup.Unknown();
    }
    StoredKey k = stored.get();
    Instant now = clock.instant();
    // revoked_at is not compared with this replica's clock: revocation holds from the moment it is written
    if (k.revokedAt().isPresent()) {
      return new Lookup.Refused("key_revoked", "The API key \"" + k.id() + "\" was revoked at " + k.revokedAt().get()
          + ".");
    }
    if (k.expired(now)) {
      return new Lookup.Refused("key_expired", "The API key \"" + k.id() + "\" expired at " + k.expiresAt().get()
          + ".");
    }
    if (!k.sha256().equals(sha) && (k.previousValidUntil().isEmpty() || !now.isBefore(k.previousValidUntil().get()))) {
      return new Lookup.Refused("key_rotated", "This secret of the API key \"" + k.id() + "\" was replaced by a"
          + " rotation; it stopped working at " + k.previousValidUntil().map(Instant::toString).orElse("once rotated")
          + ". Use the new secret.");
    }
    return new Lookup.Found(k.toConfig());
  }

  /** A key of the configuration file, by id: those cannot be changed through the admin API. */
  public Optional<GatewayConfig.KeyConfig> configured(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The secret from {@code Authorization: Bearer ...} or {@code x-api-key}, as OpenAI and Anthropic clients send it. */
  public static Optional<String> secret(Optional<String> authorization, Optional<String> apiKey) {
    if (authorization.isPresent()) {
      String a = authorization.get().strip();
      if (a.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return Optional.of(a.substring(7).strip());
      }
    }
    return apiKey.map(String::strip).filter(s -> !s.isEmpty());
  }

  public static Principal principal(GatewayConfig.KeyConfig k) {
    return new Principal(k.id(), k.user(), k.team(), k.tenant(), k.app(), k.region(), k.env(), k.roles());
  }
}
