package dev.warden.gateway.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.snapshot.PackSet;
import dev.warden.gateway.api.Http;
import dev.warden.gateway.chat.OpenAiChat;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /admin/packs} (the active revision, when it was loaded, the last error) and {@code POST /admin/packs/reload}. */
public final class AdminEndpoint {
  private final PackSet packs;

  public AdminEndpoint(PackSet packs) {
    this.packs = packs;
  }

  public void status(ServerRequest req, ServerResponse res) {
    Http.send(res, 200, status());
  }

  public void reload(ServerRequest req, ServerResponse res) {
    if (!packs.reloadable()) {
      ObjectNode body = status();
      body.put("reloaded", false);
      body.put("reason", "the packs are not read from folders");
      Http.send(res, 409, body);
      return;
    }
    PackSet.Outcome outcome = packs.reload();
    ObjectNode body = status();
    body.put("activated", outcome.activated());
    body.put("changed", outcome.changed());
    Http.send(res, outcome.activated() ? 200 : 422, body);
  }

  private ObjectNode status() {
    PackSet.Status s = packs.status();
    ObjectNode o = OpenAiChat.JSON.createObjectNode();
    s.revision().ifPresentOrElse(r -> o.put("revision", r), () -> o.putNull("revision"));
    s.loadedAt().ifPresentOrElse(t -> o.put("loaded_at", t.toString()), () -> o.putNull("loaded_at"));
    ArrayNode list = o.putArray("packs");
    s.packs().forEach(list::add);
    o.put("last_attempt", s.lastAttempt().toString());
    s.lastError().ifPresentOrElse(e -> o.put("last_error", e), () -> o.putNull("last_error"));
    o.put("reloads", s.reloads());
    o.put("failed_reloads", s.failedReloads());
    ArrayNode folders = o.putArray("folders");
    packs.folders().forEach(f -> folders.add(f.toString()));
    return o;
  }
}
