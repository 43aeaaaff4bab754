package dev.warden.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.api.Http;
import dev.warden.gateway.auth.VirtualKeys;
import dev.warden.gateway.chat.OpenAiChat;
import dev.warden.gateway.config.ConfigLoader;
import dev.warden.gateway.config.Finance;
import dev.warden.gateway.keys.KeyStore;
import dev.warden.gateway.keys.StoredKey;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /admin/keys}: create a virtual key (its secret shown once, only its SHA-256 kept), list
 * and show keys (never a secret), change a key's identity, models, expiry, limits and budget,
 * rotate its secret with a grace period for the old one, and revoke it at once. Keys of the
 * configuration file are shown but cannot be changed here (409).
 */
public final class KeysEndpoint {
  /** Bodies here are small; anything larger is refused before it is parsed. */
  static final long MAX_BODY = 64 * 1024;
  private static final int MAX_PAGE = 500;
  private final KeyStore store;
  private final VirtualKeys keys;
  private final Set<String> catalog;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public KeysEndpoint(KeyStore store, VirtualKeys keys, Set<String> catalog, Clock clock) {
    this.store = store;
    this.keys = keys;
    this.catalog = Set.copyOf(catalog);
    this.clock = clock;
  }

  public void create(ServerRequest req, ServerResponse res) {
    JsonNode body = Http.json(req, MAX_BODY);
    KeyRequests.object(body, KeyRequests.CREATE);
    String id = KeyRequests.text(body, "id", 128);
    if (id.isEmpty()) {
      id = "key_" + HexFormat.of().formatHex(bytes(9));
    } else if (!KeyRequests.ID.matcher(id).matches()) {
      throw ApiError.badRequest("\"id\" must be 1 to 128 letters, digits or ._:- (starting with a letter or digit).");
    }
    if (keys.configured(id).isPresent()) {
      throw conflict("key_exists", "The key \"" + id + "\" is defined in the configuration file; pick another id.");
    }
    Instant now = clock.instant();
    Optional<Instant> expires = KeyRequests.instant(body, "expires_at");
    if (expires.isPresent() && !expires.get().isAfter(now)) {
      throw ApiError.badRequest("\"expires_at\" must be in the future.");
    }
    String secret = newSecret();
    StoredKey k = new StoredKey(id, ConfigLoader.sha256(secret), Optional.empty(), Optional.empty(), identity(body),
        KeyRequests.models(body, catalog), KeyRequests.limits(body), expires, Optional.empty(), now, now);
    Optional<Finance.Budget> budget = KeyRequests.budget(body, id);
    try {
      store.create(k, budget);
    } catch (KeyStore.Conflict e) {
      throw conflict("key_exists", "A key with the id \"" + id + "\" already exists.");
    }
    ObjectNode o = KeyJson.stored(k, budget, now);
    o.put("secret", secret);
    o.put("secret_note", "Shown only this once: Warden keeps only its SHA-256.");
    res.header(HeaderNames.LOCATION, "/admin/keys/" + id);
    Http.send(res, 201, o);
  }

  public void list(ServerRequest req, ServerResponse res) {
    int limit = 100;
    Optional<String> limitParam = req.query().first("limit").asOptional();
    if (limitParam.isPresent()) {
      try {
        limit = Integer.parseInt(limitParam.get());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_PAGE) {
        throw ApiError.badRequest("limit must be a whole number from 1 to " + MAX_PAGE + ".");
      }
    }
    Optional<String> after = req.query().first("after").asOptional();
    if (after.isPresent() && !KeyRequests.ID.matcher(after.get()).matches()) {
      throw ApiError.badRequest("after must be a key id (letters, digits, ._:-).");
    }
    List<StoredKey> page = store.list(after, limit + 1);
    boolean more = page.size() > limit;
    Instant now = clock.instant();
    ObjectNode o = OpenAiChat.JSON.createObjectNode();
    o.put("object", "list");
    ArrayNode data = o.putArray("data");
    page.stream().limit(limit).forEach(k -> data.add(KeyJson.stored(k, store.budget(k.id()), now)));
    o.put("has_more", more);
    if (more) {
      o.put("next_after", page.get(limit - 1).id());
    } else {
      o.putNull("next_after");
    }
    Http.send(res, 200, o);
  }

  public void show(ServerRequest req, ServerResponse res) {
    String id = id(req);
    var configured = keys.configured(id);
    if (configured.isPresent()) {
      Http.send(res, 200, KeyJson.configured(configured.get()));
      return;
    }
    StoredKey k = store.get(id).orElseThrow(() -> missing(id));
    Http.send(res, 200, KeyJson.stored(k, store.budget(id), clock.instant()));
  }

  public void patch(ServerRequest req, ServerResponse res) {
    String id = changeable(req);
    JsonNode body = Http.json(req, MAX_BODY);
    KeyRequests.object(body, KeyRequests.PATCH);
    StoredKey k = store.get(id).orElseThrow(() -> missing(id));
    Instant now = clock.instant();
    StoredKey.Identity i = k.identity();
    StoredKey.Identity changed = new StoredKey.Identity(
        body.has("user") ? KeyRequests.text(body, "user", 256) : i.user(),
        body.has("team") ? KeyRequests.text(body, "team", 256) : i.team(),
        body.has("tenant") ? KeyRequests.text(body, "tenant", 256) : i.tenant(),
        body.has("app") ? KeyRequests.text(body, "app", 256) : i.app(),
        body.has("region") ? KeyRequests.text(body, "region", 64) : i.region(),
        body.has("env") ? KeyRequests.text(body, "env", 64) : i.env(),
        body.has("roles") ? KeyRequests.strings(body, "roles", 64) : i.roles());
    Optional<Instant> expires = body.has("expires_at") ? KeyRequests.instant(body, "expires_at") : k.expiresAt();
    if (body.has("expires_at") && expires.isPresent() && !expires.get().isAfter(now)) {
      throw ApiError.badRequest("\"expires_at\" must be in the future (revoke the key to stop it now).");
    }
    StoredKey updated = new StoredKey(id, k.sha256(), k.previousSha256(), k.previousValidUntil(), changed,
        body.has("models") ? KeyRequests.models(body, catalog) : k.models(),
        body.has("limits") ? KeyRequests.limits(body) : k.limits(), expires, k.revokedAt(), k.createdAt(), now);
    Optional<Optional<Finance.Budget>> budget = body.has("budget") ? Optional.of(KeyRequests.budget(body, id))
        : Optional.empty();
    if (!store.update(updated, budget)) {
      throw missing(id);
    }
    Http.send(res, 200, KeyJson.stored(updated, store.budget(id), now));
  }

  public void rotate(ServerRequest req, ServerResponse res) {
    String id = changeable(req);
    JsonNode body = optionalBody(req);
    long grace = KeyRequests.graceSeconds(body);
    StoredKey k = store.get(id).orElseThrow(() -> missing(id));
    if (k.revokedAt().isPresent()) {
      throw conflict("key_revoked", "The key \"" + id + "\" is revoked; create a new key instead.");
    }
    Instant now = clock.instant();
    String secret = newSecret();
    if (!store.rotate(id, ConfigLoader.sha256(secret), now.plusSeconds(grace), now)) {
      throw conflict("key_revoked", "The key \"" + id + "\" was revoked meanwhile; create a new key instead.");
    }
    ObjectNode o = KeyJson.stored(store.get(id).orElseThrow(() -> missing(id)), store.budget(id), now);
    o.put("secret", secret);
    o.put("secret_note", "Shown only this once. The previous secret works until "
        + now.plusSeconds(grace) + ".");
    Http.send(res, 200, o);
  }

  public void revoke(ServerRequest req, ServerResponse res) {
    String id = changeable(req);
    optionalBody(req);
    Instant now = clock.instant();
    if (!store.revoke(id, now)) {
      throw missing(id);
    }
    Http.send(res, 200, KeyJson.stored(store.get(id).orElseThrow(() -> missing(id)), store.budget(id), now));
  }

  /** The path's key id, which must not be one of the configuration file's. */
  private String changeable(ServerRequest req) {
    String id = id(req);
    if (keys.configured(id).isPresent()) {
      throw conflict("key_in_configuration", "The key \"" + id + "\" is defined in the configuration file and cannot"
          + " be changed through the API: edit the file (or create a key here and retire that one).");
    }
    return id;
  }

  private static String id(ServerRequest req) {
    String id = req.path().pathParameters().get("id");
    if (!KeyRequests.ID.matcher(id).matches()) {
      throw missing(id);
    }
    return id;
  }

  /** A body that may be left out (rotate, revoke); when sent it is checked as any other. */
  private static JsonNode optionalBody(ServerRequest req) {
    if (!req.content().hasEntity() || req.headers().contentLength().orElse(-1) == 0) {
      return OpenAiChat.JSON.createObjectNode();
    }
    return Http.json(req, MAX_BODY);
  }

  private static StoredKey.Identity identity(JsonNode body) {
    return new StoredKey.Identity(KeyRequests.text(body, "user", 256), KeyRequests.text(body, "team", 256),
        KeyRequests.text(body, "tenant", 256), KeyRequests.text(body, "app", 256), KeyRequests.text(body, "region", 64),
        KeyRequests.text(body, "env", 64), KeyRequests.strings(body, "roles", 64));
  }

  /** {@code wk-} and 32 random bytes, base64url: 256 bits nobody can guess. */
  private String newSecret() {
    return "wk-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static ApiError missing(String id) {
    return ApiError.notFound("key_not_found", "No key \"" + KeyRequests.clip(id) + "\".");
  }

  private static ApiError conflict(String code, String message) {
    return new ApiError(409, "invalid_request_error", code, message);
  }
}
