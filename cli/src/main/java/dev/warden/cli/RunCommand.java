package dev.warden.cli;

import dev.warden.gateway.Gateway;
import dev.warden.gateway.config.ConfigException;
import dev.warden.gateway.config.ConfigLoader;
import dev.warden.gateway.config.Env;
import dev.warden.gateway.config.GatewayConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code warden run}: start the gateway. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Start the gateway.",
        "With no --config: the embedded default (the shipped packs, reloaded when edited; the echo provider,",
        "or OpenAI/Anthropic/Mistral when their API keys are in the environment; demo keys; 127.0.0.1:8080)."},
    footer = {"", "Environment: WARDEN_PORT, WARDEN_HOST, WARDEN_ADMIN_TOKEN, WARDEN_DEMO_KEY, OPENAI_API_KEY,",
        "ANTHROPIC_API_KEY, MISTRAL_API_KEY, ... (the configuration file may use $${NAME} and $${NAME:-default}).",
        "", "Runs until stopped by Ctrl-C or SIGTERM (the exit status is then the signal's: 130 or 143).",
        "Exit codes otherwise: 1 the configuration or the packs are wrong, 2 usage."})
final class RunCommand implements Callable<Integer> {
  /** Helidon logs through java.util.logging; its INFO lines repeat the banner. Held so it is not collected. */
  private static final java.util.logging.Logger HELIDON = java.util.logging.Logger.getLogger("io.helidon");
  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "YAML", description = "Gateway configuration file.")
  Optional<Path> config;

  @Override
  public Integer call() throws InterruptedException {
    var err = spec.commandLine().getErr();
    var out = spec.commandLine().getOut();
    HELIDON.setLevel(java.util.logging.Level.WARNING);
    Path home = Path.of(System.getProperty("warden.home", ".")).toAbsolutePath().normalize();
    GatewayConfig cfg;
    Gateway gateway;
    try {
      cfg = config.isPresent()
          ? new ConfigLoader(Env.system(), config.get().toAbsolutePath().getParent()).load(config.get())
          : new ConfigLoader(Env.system(), home).loadDefault();
      gateway = Gateway.create(cfg, Clock.systemUTC());
    } catch (ConfigException e) {
      err.println("warden run: " + e.getMessage());
      return 1;
    }
    int port;
    try {
      port = gateway.start();
    } catch (IllegalStateException e) {
      err.println("warden run: " + e.getMessage());
      gateway.close();
      return 1;
    }
    String base = "http://" + cfg.server().host() + ":" + port;
    out.println("Warden gateway listening on " + base + " (OpenAI API at " + base + "/v1)");
    out.println("  packs:    " + String.join(", ", gateway.packs().status().packs()) + "  revision "
        + gateway.packs().status().revision().orElse("?") + (cfg.packs().watch() ? "  (reloaded on change)" : ""));
    cfg.providers().keySet().forEach(p -> out.println("  provider: " + p + " -> " + gateway.providers().describe(p)));
    var audit = cfg.observability().audit();
    out.println("  audit:    " + (gateway.audit().isEmpty() ? "off" : audit.mode().name().toLowerCase(java.util.Locale.ROOT)
        + " to " + audit.dir() + (audit.sealKey().isEmpty() ? "  (seal key: " + audit.dir().resolve("audit.key")
        + ", generated when the folder was new)" : "")) + ";  metrics at " + base + "/metrics");
    gateway.audit().flatMap(a -> a.startProblem()).ifPresent(p -> out.println("  WARNING:  the audit log does not"
        + " verify: " + p.render() + "; new records go to a new segment that says so (warden audit verify "
        + audit.dir() + ")"));
    out.println("  store:    " + gateway.store() + (cfg.finance().store().isEmpty() ? "  (in memory: spend is lost on exit, and reports keep the newest 100,000 calls)"
        : "") + ";  counters " + gateway.redis().map(r -> "in Redis at " + r).orElse("in this process"));
    if (config.isEmpty()) {
      out.println("  demo key: " + System.getenv().getOrDefault("WARDEN_DEMO_KEY", "wk-demo-0123456789abcdef")
          + "  (team demo, region us);  EU demo key: "
          + System.getenv().getOrDefault("WARDEN_DEMO_EU_KEY", "wk-demo-eu-0123456789abcdef"));
    }
    if (gateway.adminTokenGenerated()) {
      out.println("  admin token (this run only): " + gateway.adminToken());
    }
    out.println("Stop with Ctrl-C.");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      gateway.close();
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }
}
