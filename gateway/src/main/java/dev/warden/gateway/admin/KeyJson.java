package dev.warden.gateway.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.chat.OpenAiChat;
import dev.warden.gateway.config.Finance;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.keys.KeyLimits;
import dev.warden.gateway.keys.StoredKey;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How {@code /admin/keys} shows a key: everything but its secrets (and their hashes). */
final class KeyJson {
  private KeyJson() {}

  static ObjectNode stored(StoredKey k, Optional<Finance.Budget> budget, Instant now) {
    ObjectNode o = OpenAiChat.JSON.createObjectNode();
    o.put("object", "warden.key");
    o.put("id", k.id());
    o.put("origin", "admin");
    o.put("status", k.revokedAt().isPresent() ? "revoked" : k.expired(now) ? "expired" : "active");
    identity(o, k.identity().user(), k.identity().team(), k.identity().tenant(), k.identity().app(),
        k.identity().region(), k.identity().env(), k.identity().roles());
    strings(o.putArray("models"), k.models());
    o.set("limits", KeyLimits.json(k.limits()));
    time(o, "expires_at", k.expiresAt());
    time(o, "revoked_at", k.revokedAt());
    time(o, "previous_secret_valid_until", k.previousValidUntil().filter(now::isBefore));
    o.put("created_at", k.createdAt().toString());
    o.put("updated_at", k.updatedAt().toString());
    if (budget.isPresent()) {
      Finance.Budget b = budget.get();
      ObjectNode n = o.putObject("budget");
      n.put("amount_usd", b.amountUsd().toPlainString());
      n.put("period", b.period().name().toLowerCase(Locale.ROOT));
      b.capPercent().ifPresentOrElse(c -> n.put("cap_percent", c), () -> n.putNull("cap_percent"));
    } else {
      o.putNull("budget");
    }
    return o;
  }

  /** A key of the configuration file: read-only here. */
  static ObjectNode configured(GatewayConfig.KeyConfig k) {
    ObjectNode o = OpenAiChat.JSON.createObjectNode();
    o.put("object", "warden.key");
    o.put("id", k.id());
    o.put("origin", "config");
    o.put("status", "active");
    identity(o, k.user(), k.team(), k.tenant(), k.app(), k.region(), k.env(), k.roles());
    strings(o.putArray("models"), k.models());
    o.set("limits", KeyLimits.json(k.limits()));
    return o;
  }

  private static void identity(ObjectNode o, String user, String team, String tenant, String app, String region,
      String env, List<String> roles) {
    o.put("user", user);
    o.put("team", team);
    o.put("tenant", tenant);
    o.put("app", app);
    o.put("region", region);
    o.put("env", env);
    strings(o.putArray("roles"), roles);
  }

  private static void strings(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }

  private static void time(ObjectNode o, String name, Optional<Instant> t) {
    t.ifPresentOrElse(v -> o.put(name, v.toString()), () -> o.putNull(name));
  }
}
