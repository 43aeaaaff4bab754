package dev.warden.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.catalog.ModelCatalog;
import dev.warden.engine.detect.Detectors;
import dev.warden.engine.eval.Evaluator;
import dev.warden.engine.redact.Redactor;
import dev.warden.engine.snapshot.PackSet;
import dev.warden.engine.text.TokenCounter;
import dev.warden.gateway.admin.AdminEndpoint;
import dev.warden.gateway.admin.PackWatcher;
import dev.warden.gateway.api.ChatEndpoint;
import dev.warden.gateway.api.EmbeddingsEndpoint;
import dev.warden.gateway.api.Http;
import dev.warden.gateway.api.MessagesEndpoint;
import dev.warden.gateway.api.ModelsEndpoint;
import dev.warden.gateway.api.Routes;
import dev.warden.gateway.auth.VirtualKeys;
import dev.warden.gateway.chat.OpenAiChat;
import dev.warden.gateway.config.ConfigException;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.pipeline.ChatPipeline;
import dev.warden.gateway.providers.AnthropicProvider;
import dev.warden.gateway.providers.Providers;
import dev.warden.gateway.providers.Upstreams;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's parts, wired once from a configuration. {@code Gateway} only wires; the work is
 * in the pipeline, the providers and the endpoints.
 */
public final class Gateway implements AutoCloseable {
  private final GatewayConfig config;
  private final PackSet packs;
  private final String adminToken;
  private final boolean adminTokenGenerated;
  private final Providers providers;
  private final ChatEndpoint chat;
  private final MessagesEndpoint messages;
  private final EmbeddingsEndpoint embeddings;
  private final ModelsEndpoint models;
  private final AdminEndpoint admin;
  private final Optional<PackWatcher> watcher;
  private WebServer server;

  private Gateway(GatewayConfig config, Clock clock) throws ConfigException {
    this.config = config;
    TokenCounter tokens = TokenCounter.cl100k();
    VirtualKeys keys = new VirtualKeys(config.keys());
    Map<String, GatewayConfig.ModelConfig> byName = new LinkedHashMap<>();
    config.models().forEach(m -> byName.put(m.spec().name(), m));
    ModelCatalog catalog = new ModelCatalog(config.models().stream().map(GatewayConfig.ModelConfig::spec).toList());
    // the detector models load (about two seconds) while the packs compile
    Thread.ofPlatform().daemon().name("warden-models").start(Detectors::standard);
    this.packs = new PackSet(config.packs().folders(), config.packs().tests(), catalog, clock);
    PackSet.Outcome first = packs.reload();
    if (!first.activated()) {
      throw new ConfigException("the rule packs in " + config.packs().folders() + " cannot be activated: "
          + first.error().orElse(""));
    }
    this.providers = Providers.of(config.providers(), tokens, AnthropicProvider::create);
    Upstreams upstreams = new Upstreams(providers, byName, d -> Thread.sleep(d));
    byte[] hashKey = config.policy().hashKey().length > 0 ? config.policy().hashKey() : random(32);
    Evaluator evaluator = new Evaluator(catalog, new Redactor(hashKey), tokens, upstreams::latencyOf);
    ChatPipeline pipeline = new ChatPipeline(packs, evaluator, upstreams, byName, tokens, clock, config.policy().zone(),
        config.policy().failOpen());
    long max = config.server().maxBodyBytes();
    this.chat = new ChatEndpoint(keys, pipeline, max);
    this.messages = new MessagesEndpoint(keys, pipeline, max);
    this.embeddings = new EmbeddingsEndpoint(keys, pipeline, upstreams, max);
    this.models = new ModelsEndpoint(keys, config.models());
    this.admin = new AdminEndpoint(packs);
    this.adminTokenGenerated = config.admin().token().isEmpty();
    this.adminToken = config.admin().token().orElseGet(() -> "wadm-" + HexFormat.of().formatHex(random(16)));
    Optional<PackWatcher> w = Optional.empty();
    if (config.packs().watch() && packs.reloadable()) {
      try {
        java.util.List<java.nio.file.Path> folders = new java.util.ArrayList<>(config.packs().folders());
        folders.addAll(config.packs().tests());
        w = Optional.of(new PackWatcher(packs, folders));
      } catch (IOException e) {
        throw new ConfigException("cannot watch the pack folders: " + e.getMessage(), e);
      }
    }
    this.watcher = w;
  }

  /** Builds every part and loads the packs; a configuration or pack error stops here. */
  public static Gateway create(GatewayConfig config, Clock clock) throws ConfigException {
    return new Gateway(config, clock);
  }

  /** Starts listening; returns the port (useful when the configuration says 0). */
  public int start() {
    server = WebServer.builder()
        .host(config.server().host())
        .port(config.server().port())
        // no server-side payload cap: Http.json reads at most max_body_bytes + 1 and answers 413
        // in the API's error format, whether or not the caller sent a Content-Length
        .routing(r -> Routes.routing(r, this))
        .build()
        .start();
    return server.port();
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    watcher.ifPresent(w -> {
      try {
        w.close();
      } catch (IOException ignored) {
        // shutting down
      }
    });
    if (server != null) {
      server.stop();
    }
  }

  public void health(ServerResponse res) {
    ObjectNode o = OpenAiChat.JSON.createObjectNode();
    boolean ready = packs.current().isPresent();
    o.put("status", ready ? "ok" : "starting");
    packs.status().revision().ifPresent(r -> o.put("revision", r));
    Http.send(res, ready ? 200 : 503, o);
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  public GatewayConfig config() {
    return config;
  }

  public ChatEndpoint chat() {
    return chat;
  }

  public MessagesEndpoint messages() {
    return messages;
  }

  public EmbeddingsEndpoint embeddings() {
    return embeddings;
  }

  public ModelsEndpoint models() {
    return models;
  }

  public AdminEndpoint admin() {
    return admin;
  }

  public String adminToken() {
    return adminToken;
  }

  public boolean adminTokenGenerated() {
    return adminTokenGenerated;
  }

  public PackSet packs() {
    return packs;
  }

  public Providers providers() {
    return providers;
  }
}
