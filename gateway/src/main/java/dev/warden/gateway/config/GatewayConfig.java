package dev.warden.gateway.config;

import dev.warden.dsl.model.ModelSpec;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The gateway's configuration, read from one YAML file into typed records; {@code observability}:
 * audit, metrics, traces; {@code finance}: the store, Redis, budgets.
 */
public record GatewayConfig(Server server, Admin admin, Packs packs, Policy policy, List<KeyConfig> keys,
    Map<String, ProviderConfig> providers, List<ModelConfig> models, Observability observability, Finance finance) {
  public GatewayConfig {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(packs, "packs");
    Objects.requireNonNull(policy, "policy");
    keys = List.copyOf(keys);
    providers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(providers));
    models = List.copyOf(models);
    Objects.requireNonNull(observability, "observability");
    Objects.requireNonNull(finance, "finance");
  }

  /** A configuration without a store, Redis or budgets. */
  public GatewayConfig(Server server, Admin admin, Packs packs, Policy policy, List<KeyConfig> keys,
      Map<String, ProviderConfig> providers, List<ModelConfig> models, Observability observability) {
    this(server, admin, packs, policy, keys, providers, models, observability, Finance.NONE);
  }

  /** Where to listen and how much to accept. */
  public record Server(String host, int port, long maxBodyBytes) {}

  /** The admin token (separate from virtual keys); absent: one is generated and printed at startup. */
  public record Admin(Optional<String> token) {}

  /** Pack folders, the rule tests run before a reload is activated, and whether to watch the folders. */
  public record Packs(List<Path> folders, List<Path> tests, boolean watch) {
    public Packs {
      folders = List.copyOf(folders);
      tests = List.copyOf(tests);
    }
  }

  /**
   * How the policy runs: fail open (serve without policy when a detector or rule errs; default
   * false: refuse), the HMAC key of {@code redact ... using hash}, and the time zone of
   * {@code time.*} and budget periods.
   */
  public record Policy(boolean failOpen, byte[] hashKey, ZoneId zone) {}

  /** A virtual key: its SHA-256, the identity and models it grants, and its own rate limits. */
  public record KeyConfig(String id, String sha256, String user, String team, String tenant, String app,
      String region, String env, List<String> roles, List<String> models, List<Finance.RateLimit> limits) {
    public KeyConfig {
      roles = List.copyOf(roles);
      models = List.copyOf(models);
      limits = List.copyOf(limits);
    }

    /** A key without rate limits of its own. */
    public KeyConfig(String id, String sha256, String user, String team, String tenant, String app,
        String region, String env, List<String> roles, List<String> models) {
      this(id, sha256, user, team, tenant, app, region, env, roles, models, List.of());
    }
  }

  /**
   * An upstream: {@code openai} (any OpenAI-compatible base URL: OpenAI, Azure OpenAI, Mistral,
   * vLLM, Ollama), {@code anthropic}, or {@code echo}. With {@code echoWithoutKey}, a provider
   * whose API key is not set answers as {@code echo} does. {@code trust}: the certificates an
   * {@code https} upstream's chain must lead to (from {@code ca_file}), instead of the JDK's
   * trusted authorities; empty: the JDK's.
   */
  public record ProviderConfig(String name, String type, String baseUrl, String apiKey, Map<String, String> headers,
      Duration timeout, int retries, boolean echoWithoutKey, List<X509Certificate> trust) {
    public ProviderConfig {
      headers = Map.copyOf(headers);
      trust = List.copyOf(trust);
    }

    /** An upstream that trusts the JDK's certificate authorities. */
    public ProviderConfig(String name, String type, String baseUrl, String apiKey, Map<String, String> headers,
        Duration timeout, int retries, boolean echoWithoutKey) {
      this(name, type, baseUrl, apiKey, headers, timeout, retries, echoWithoutKey, List.of());
    }
  }

  /** A catalog model: what rules see, its provider, the upstream model id, and its fallbacks. */
  public record ModelConfig(ModelSpec spec, String provider, String upstream, List<String> fallbacks) {
    public ModelConfig {
      fallbacks = List.copyOf(fallbacks);
    }
  }
}
