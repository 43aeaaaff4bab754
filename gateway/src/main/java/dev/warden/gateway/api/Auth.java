package dev.warden.gateway.api;

import dev.warden.gateway.auth.VirtualKeys;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.store.StoreException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Who is calling: a virtual key for the APIs, the admin token for {@code /admin}. */
final class Auth {
  private Auth() {}

  static GatewayConfig.KeyConfig caller(VirtualKeys keys, ServerRequest req) {
    Optional<String> secret = VirtualKeys.secret(Http.header(req, HeaderNames.AUTHORIZATION), Http.header(req, Http.API_KEY));
    if (secret.isEmpty()) {
      throw ApiError.unauthorized("Missing API key: send Authorization: Bearer <your Warden key> (or x-api-key).");
    }
    VirtualKeys.Lookup found;
    try {
      found = keys.lookup(secret.get());
    } catch (StoreException e) {
      throw ApiError.unavailable("The key store cannot be reached; try again shortly.");
    }
    return switch (found) {
      case VirtualKeys.Lookup.Found f -> f.key();
      case VirtualKeys.Lookup.Refused r -> throw new ApiError(401, "authentication_error", r.code(), r.message());
      case VirtualKeys.Lookup.Unknown u -> throw ApiError.unauthorized("Invalid API key.");
    };
  }

  static void admin(String token, ServerRequest req) {
    Optional<String> secret = VirtualKeys.secret(Http.header(req, HeaderNames.AUTHORIZATION), Optional.empty());
    if (secret.isEmpty() || !MessageDigest.isEqual(secret.get().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8))) {
      throw ApiError.unauthorized("The admin API needs Authorization: Bearer <admin token>.");
    }
  }
}
