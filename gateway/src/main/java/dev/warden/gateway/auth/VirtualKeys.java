package dev.warden.gateway.auth;

import dev.warden.engine.facts.Principal;
import dev.warden.gateway.config.ConfigLoader;
import dev.warden.gateway.config.GatewayConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The virtual keys callers authenticate with, by the SHA-256 of their secret: the secret
 * itself is never stored. A key maps to a principal and the models it may use.
 */
public final class VirtualKeys {
  private final Map<String, GatewayConfig.KeyConfig> bySha;

  public VirtualKeys(List<GatewayConfig.KeyConfig> keys) {
    this.bySha = keys.stream().collect(Collectors.toUnmodifiableMap(GatewayConfig.KeyConfig::sha256,
        Function.identity()));
  }

  /** The key whose secret this is. */
  public Optional<GatewayConfig.KeyConfig> find(String secret) {
    if (secret.isEmpty() || secret.length() > 512) {
      return Optional.empty();
    }
    return Optional.ofNullable(bySha.get(ConfigLoader.sha256(secret)));
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
