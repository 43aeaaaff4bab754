package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.snapshot.PackSet;
import dev.warden.gateway.chat.OpenAiChat;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /health/live}: 200 while the process serves HTTP (restart it when this fails).
 * {@code GET /health/ready} (and {@code /health}): 200 only when the packs are loaded and every
 * named check passes (the audit log is writable; stores register theirs), else 503 with the
 * reasons, so a load balancer sends no traffic a request would be refused for.
 */
public final class HealthEndpoint {
  private final PackSet packs;
  private final Map<String, Supplier<Optional<String>>> checks = new LinkedHashMap<>();

  public HealthEndpoint(PackSet packs) {
    this.packs = Objects.requireNonNull(packs, "packs");
  }

  /** A readiness check: empty when fine, else what is wrong (no secrets, no request content). */
  public synchronized HealthEndpoint check(String name, Supplier<Optional<String>> problem) {
    checks.put(name, problem);
    return this;
  }

  public void live(ServerResponse res) {
    ObjectNode o = OpenAiChat.JSON.createObjectNode();
    o.put("status", "alive");
    Http.send(res, 200, o);
  }

  public void ready(ServerResponse res) {
    ObjectNode o = OpenAiChat.JSON.createObjectNode();
    boolean loaded = packs.current().isPresent();
    ObjectNode details = OpenAiChat.JSON.createObjectNode();
    details.put("packs", loaded ? "ok" : "not loaded yet");
    boolean ok = loaded;
    Map<String, Supplier<Optional<String>>> now;
    synchronized (this) {
      now = new LinkedHashMap<>(checks);
    }
    for (Map.Entry<String, Supplier<Optional<String>>> c : now.entrySet()) {
      Optional<String> problem;
      try {
        problem = c.getValue().get();
      } catch (RuntimeException e) {
        problem = Optional.of("the check failed: " + e.getClass().getSimpleName());
      }
      details.put(c.getKey(), problem.orElse("ok"));
      ok &= problem.isEmpty();
    }
    o.put("status", ok ? "ok" : loaded ? "unavailable" : "starting");
    packs.status().revision().ifPresent(r -> o.put("revision", r));
    o.set("checks", details);
    Http.send(res, ok ? 200 : 503, o);
  }
}
