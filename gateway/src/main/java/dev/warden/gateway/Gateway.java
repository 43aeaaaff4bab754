package dev.warden.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.catalog.ModelCatalog;
import dev.warden.engine.detect.Detectors;
import dev.warden.engine.eval.Evaluator;
import dev.warden.engine.redact.Redactor;
import dev.warden.engine.snapshot.PackSet;
import dev.warden.engine.text.TokenCounter;
import dev.warden.gateway.admin.AdminEndpoint;
import dev.warden.gateway.admin.BudgetsEndpoint;
import dev.warden.gateway.admin.KeysEndpoint;
import dev.warden.gateway.admin.SpendEndpoint;
import dev.warden.gateway.finance.Meter;
import dev.warden.gateway.keys.KeyStore;
import dev.warden.gateway.spend.SpendReport;
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
import dev.warden.gateway.admin.AuditEndpoint;
import dev.warden.gateway.api.HealthEndpoint;
import dev.warden.gateway.audit.AuditContent;
import dev.warden.gateway.audit.AuditLog;
import dev.warden.gateway.audit.LogId;
import dev.warden.gateway.audit.Recorder;
import dev.warden.gateway.audit.RequestRecord;
import dev.warden.gateway.audit.Written;
import dev.warden.gateway.audit.export.Exporter;
import dev.warden.gateway.audit.export.HecExporter;
import dev.warden.gateway.audit.export.PostgresExporter;
import dev.warden.gateway.audit.export.SyslogExporter;
import dev.warden.gateway.config.Observability;
import dev.warden.gateway.metrics.GatewayMetrics;
import dev.warden.gateway.metrics.MetricsEndpoint;
import dev.warden.gateway.shadow.ShadowEndpoint;
import dev.warden.gateway.shadow.ShadowRunner;
import dev.warden.gateway.limits.Buckets;
import dev.warden.gateway.limits.RateLimits;
import dev.warden.gateway.store.Redis;
import dev.warden.gateway.store.Store;
import dev.warden.gateway.store.StoreException;
import dev.warden.gateway.tracing.Tracing;
import io.github.bucket4j.TimeMeter;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

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
  private final KeysEndpoint keysEndpoint;
  private final SpendEndpoint spendEndpoint;
  private volatile Optional<PackWatcher> watcher;
  private final Optional<AuditLog> audit;
  private final List<Exporter> exporters;
  private final Optional<Tracing> tracing;
  private final GatewayMetrics metrics;
  private final MetricsEndpoint metricsEndpoint;
  private final ShadowRunner shadowRunner;
  private final ShadowEndpoint shadow;
  private final AuditEndpoint auditQuery;
  private final HealthEndpoint health;
  private final Recorder recorder;
  private final Store store;
  private final Optional<Redis> redis;
  private final Meter meter;
  private final BudgetsEndpoint budgets;
  private WebServer server;

  private Gateway(GatewayConfig config, Clock clock) throws ConfigException {
    this.config = config;
    try {
      this.store = Store.open(config.finance().store());
    } catch (StoreException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    try {
      this.redis = config.finance().redis().map(r -> Redis.connect(r.url(), r.prefix()));
    } catch (StoreException e) {
      store.close();
      throw new ConfigException(e.getMessage(), e);
    }
    try {
      this.meter = Meter.create(store, redis, config.finance(), clock, config.policy().zone());
    } catch (RuntimeException e) {
      redis.ifPresent(Redis::close);
      store.close();
      throw new ConfigException("budgets cannot be set up: " + e.getMessage(), e);
    }
    this.budgets = new BudgetsEndpoint(meter);
    TokenCounter tokens = TokenCounter.cl100k();
    KeyStore keyStore = new KeyStore(store);
    VirtualKeys keys = new VirtualKeys(config.keys(), Optional.of(keyStore), clock);
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
    // the injection and safety classifiers read a long prompt on a virtual thread of their own
    // while the request's thread runs the entity detectors (see Evaluator)
    ThreadFactory classifiers = Thread.ofVirtual().name("warden-classifiers").factory();
    Evaluator evaluator = new Evaluator(catalog, new Redactor(hashKey), tokens, upstreams::latencyOf,
        Optional.of(r -> classifiers.newThread(r).start()));
    RateLimits limits = new RateLimits(redis.map(r -> Buckets.redis(r, TimeMeter.SYSTEM_MILLISECONDS,
        Duration.ofSeconds(2))).orElseGet(() -> Buckets.inProcess(TimeMeter.SYSTEM_MILLISECONDS)),
        config.finance().failOpen());
    ChatPipeline pipeline = new ChatPipeline(packs, evaluator, upstreams, byName, tokens, clock, config.policy().zone(),
        config.policy().failOpen(), Optional.of(meter), limits);
    Observability obs = config.observability();
    this.metrics = new GatewayMetrics(obs.metrics().perKey());
    this.metricsEndpoint = new MetricsEndpoint(metrics);
    this.exporters = exporters(obs.audit());
    this.audit = openAudit(obs.audit(), hashKey, clock, exporters);
    this.tracing = obs.tracing().enabled() ? Optional.of(Tracing.otlp(obs.tracing())) : Optional.empty();
    this.shadowRunner = new ShadowRunner(evaluator);
    List<Consumer<RequestRecord>> observers = new ArrayList<>();
    if (obs.metrics().enabled()) {
      observers.add(metrics::observe);
    }
    tracing.ifPresent(t -> observers.add(t::record));
    observers.add(shadowRunner);
    this.recorder = new Recorder(clock, audit, observers);
    this.health = new HealthEndpoint(packs);
    audit.ifPresent(a -> health.check("audit", a::problem));
    health.check("store", () -> store.reachable() ? Optional.empty()
        : Optional.of("the store " + store + " cannot be reached"));
    redis.ifPresent(r -> health.check("redis", () -> r.reachable() ? Optional.empty()
        : Optional.of("Redis at " + r + " cannot be reached")));
    this.auditQuery = new AuditEndpoint(audit.map(AuditLog::dir));
    this.shadow = new ShadowEndpoint(shadowRunner, packs, clock, this::watch);
    registerGauges();
    long max = config.server().maxBodyBytes();
    this.chat = new ChatEndpoint(keys, pipeline, max, recorder);
    this.messages = new MessagesEndpoint(keys, pipeline, max, recorder);
    this.embeddings = new EmbeddingsEndpoint(keys, pipeline, upstreams, max, recorder);
    this.models = new ModelsEndpoint(keys, config.models());
    this.admin = new AdminEndpoint(packs);
    this.keysEndpoint = new KeysEndpoint(keyStore, keys, byName.keySet(), clock);
    this.spendEndpoint = new SpendEndpoint(new SpendReport(store.data()), catalogSpecs(config), meter::settled);
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

  /** The configured exporters; each sends from its own thread and never holds up a request. */
  private static List<Exporter> exporters(Observability.Audit a) throws ConfigException {
    List<Exporter> out = new ArrayList<>();
    if (a.mode() == Observability.Durability.OFF) {
      return out;
    }
    String host = hostName();
    String logId;
    try {
      logId = LogId.of(a.dir());
    } catch (IOException e) {
      throw new ConfigException("audit.dir " + a.dir() + " cannot be used: " + e.getMessage(), e);
    }
    a.exporters().hec().ifPresent(h -> out.add(new HecExporter(h, host)));
    a.exporters().syslog().ifPresent(s -> out.add(new SyslogExporter(s, host)));
    a.exporters().postgres().ifPresent(p -> out.add(new PostgresExporter(p, logId)));
    return out;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "warden";
    }
  }

  private static Optional<AuditLog> openAudit(Observability.Audit a, byte[] hashKey, Clock clock,
      List<Exporter> exporters) throws ConfigException {
    if (a.mode() == Observability.Durability.OFF) {
      return Optional.empty();
    }
    try {
      List<Consumer<Written>> sinks = new ArrayList<>(exporters);
      return Optional.of(AuditLog.open(a, new AuditContent(new Redactor(hashKey), a.redactBaseline()), clock, sinks));
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("the audit log in " + a.dir() + " cannot be opened: " + e.getMessage(), e);
    }
  }

  /** The gauges and counters read at scrape time: pack reloads, the audit queue, exporters, the shadow. */
  private void registerGauges() {
    metrics.counter("warden_pack_reloads", "Pack sets activated (the first load included)",
        () -> packs.status().reloads());
    metrics.counter("warden_pack_reload_failures", "Reloads refused (the packs did not compile or their tests failed)",
        () -> packs.status().failedReloads());
    metrics.gauge("warden_pack_revision_info", "The active pack revision (value 1)", new String[] {"revision"},
        cb -> packs.status().revision().ifPresent(r -> cb.call(1, r)));
    audit.ifPresent(a -> {
      metrics.gauge("warden_audit_queue_depth", "Audit records waiting for the writer", a::queueDepth);
      metrics.gauge("warden_audit_queue_capacity", "The audit queue's size", a::queueCapacity);
      metrics.counter("warden_audit_records_written", "Audit records written to the local log", a::written);
      metrics.counter("warden_audit_records_lost", "Audit records lost (queue full with on_failure: continue)", a::lost);
      metrics.counter("warden_audit_forces", "fsyncs of the audit log (sync mode: one per group commit)", a::forces);
      a.observeForces(metrics::auditFsync);
      metrics.gauge("warden_audit_writable", "1 when the audit log can be written", () -> a.problem().isEmpty() ? 1 : 0);
      metrics.gauge("warden_audit_start_verified", "0 when the audit segment this run continued from did not verify"
          + " at start (the log was changed; warden audit verify says where), else 1",
          () -> a.startProblem().isEmpty() ? 1 : 0);
    });
    String[] exporter = {"exporter"};
    metrics.gauge("warden_audit_exporter_backlog", "Audit records waiting to be exported", exporter,
        cb -> exporters.forEach(e -> cb.call(e.backlog(), e.name())));
    metrics.counter("warden_audit_exporter_sent", "Audit records exported", exporter,
        cb -> exporters.forEach(e -> cb.call(e.sent(), e.name())));
    metrics.counter("warden_audit_exporter_dropped", "Audit records dropped because the exporter's backlog was full",
        exporter, cb -> exporters.forEach(e -> cb.call(e.dropped() + e.rejected(), e.name())));
    metrics.counter("warden_audit_exporter_failures", "Failed export attempts (retried)", exporter,
        cb -> exporters.forEach(e -> cb.call(e.failures(), e.name())));
    metrics.counter("warden_shadow_compared", "Requests the shadow pack set was compared on",
        () -> shadowRunner.current().map(s -> s.read(r -> (double) r.compared())).orElse(0.0));
    metrics.counter("warden_shadow_changed", "Requests the shadow pack set would have decided differently",
        () -> shadowRunner.current().map(s -> s.read(r -> (double) r.changed())).orElse(0.0));
  }

  /** After a promotion: watch the promoted folders instead of the old ones. */
  private void watch(PackSet.Candidate promoted) {
    if (!config.packs().watch()) {
      return;
    }
    watcher.ifPresent(w -> {
      try {
        w.close();
      } catch (IOException ignored) {
        // replaced below
      }
    });
    try {
      List<java.nio.file.Path> folders = new ArrayList<>(promoted.folders());
      folders.addAll(promoted.tests());
      watcher = Optional.of(new PackWatcher(packs, folders));
    } catch (IOException e) {
      watcher = Optional.empty();
      System.getLogger("warden.gateway").log(System.Logger.Level.WARNING, "the promoted pack folders cannot be"
          + " watched; reload them with POST /admin/packs/reload", e);
    }
  }

  /** Builds every part and loads the packs; a configuration or pack error stops here. */
  public static Gateway create(GatewayConfig config, Clock clock) throws ConfigException {
    return new Gateway(config, clock);
  }

  /**
   * Starts listening; returns the port (useful when the configuration says 0).
   *
   * @throws IllegalStateException naming the address and the setting when it cannot be listened on
   */
  public int start() {
    String where = config.server().host() + ":" + config.server().port();
    if (config.server().port() != 0) {
      // asked first, so a port in use is one clear sentence rather than the server's stack trace
      try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
        probe.bind(new java.net.InetSocketAddress(config.server().host(), config.server().port()));
      } catch (IOException e) {
        throw cannotListen(where, e);
      }
    }
    meter.startSweeper();
    server = WebServer.builder()
        .host(config.server().host())
        .port(config.server().port())
        // no server-side payload cap: Http.json reads at most max_body_bytes + 1 and answers 413
        // in the API's error format, whether or not the caller sent a Content-Length
        .routing(r -> Routes.routing(r, this))
        .directHandlers(dev.warden.gateway.api.DirectErrors::register)
        .build()
        .start();
    if (!server.isRunning()) {
      throw cannotListen(where, new java.net.BindException("the server did not start"));
    }
    return server.port();
  }

  private static IllegalStateException cannotListen(String where, IOException e) {
    String why = e instanceof java.net.BindException && String.valueOf(e.getMessage()).contains("in use")
        ? "the address is in use (another program, or another gateway, listens there)"
        : String.valueOf(e.getMessage());
    return new IllegalStateException("cannot listen on " + where + ": " + why
        + "; set server.port (WARDEN_PORT for ./warden run) to a free port", e);
  }

  public int port() {
    return server.port();
  }

  /**
   * Stops taking requests, then drains the audit queue and seals the segment, gives the
   * exporters a few seconds to send their backlog, ends the traces, and writes the settlements
   * still pending (answered calls) before the store closes.
   */
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
    audit.ifPresent(AuditLog::close);
    exporters.forEach(e -> e.close(java.time.Duration.ofSeconds(5)));
    tracing.ifPresent(Tracing::close);
    shadowRunner.close();
    meter.close();
    redis.ifPresent(Redis::close);
    store.close();
  }

  /** The Redis replicas share counters through, when configured. */
  public Optional<Redis> redis() {
    return redis;
  }

  /** Metering and budgets: facts for the rules, reservations, settlement. */
  public Meter meter() {
    return meter;
  }

  public BudgetsEndpoint budgets() {
    return budgets;
  }

  /** The SQL store of keys, budgets, reservations and spend. */
  public Store store() {
    return store;
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

  /** {@code /admin/keys}. */
  public KeysEndpoint keysEndpoint() {
    return keysEndpoint;
  }

  /** {@code /admin/spend}. */
  public SpendEndpoint spendEndpoint() {
    return spendEndpoint;
  }

  private static Map<String, dev.warden.dsl.model.ModelSpec> catalogSpecs(GatewayConfig config) {
    Map<String, dev.warden.dsl.model.ModelSpec> out = new LinkedHashMap<>();
    config.models().forEach(m -> out.put(m.spec().name(), m.spec()));
    return out;
  }

  public Recorder recorder() {
    return recorder;
  }

  public HealthEndpoint health() {
    return health;
  }

  public AuditEndpoint auditQuery() {
    return auditQuery;
  }

  public ShadowEndpoint shadow() {
    return shadow;
  }

  public ShadowRunner shadowRunner() {
    return shadowRunner;
  }

  public MetricsEndpoint metricsEndpoint() {
    return metricsEndpoint;
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  public Optional<AuditLog> audit() {
    return audit;
  }

  public List<Exporter> exporters() {
    return List.copyOf(exporters);
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
