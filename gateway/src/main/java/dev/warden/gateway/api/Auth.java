package dev.warden.gateway.api;

import dev.warden.gateway.auth.VirtualKeys;
import dev.warden.gateway.config.GatewayConfig;
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
    return keys.find(secret.get())
        .orElseThrow(() -> ApiError.unauthorized("Invalid API key."));
  }

  static void admin(String token, ServerRequest req) {
    Optional<String> secret = VirtualKeys.secret(Http.header(req, HeaderNames.AUTHORIZATION), Optional.empty());
    if (secret.isEmpty() || !MessageDigest.isEqual(secret.get().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8))) {
      throw ApiError.unauthorized("The admin API needs Authorization: Bearer <admin token>.");
    }
  }
}
