package dev.warden.gateway.providers;

import dev.warden.engine.text.TokenCounter;
import dev.warden.gateway.config.GatewayConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The configured providers by name, built once at startup. */
public final class Providers {
  /** How long connecting to an upstream may take. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private final Map<String, Provider> byName;
  private final Map<String, GatewayConfig.ProviderConfig> configs;

  private Providers(Map<String, Provider> byName, Map<String, GatewayConfig.ProviderConfig> configs) {
    this.byName = Map.copyOf(byName);
    this.configs = Map.copyOf(configs);
  }

  /**
   * @param anthropic builds the Anthropic provider from its configuration (the translation lives
   *     with it)
   */
  public static Providers of(Map<String, GatewayConfig.ProviderConfig> configs, TokenCounter tokens,
      Function<GatewayConfig.ProviderConfig, Provider> anthropic) {
    UpstreamHttp http = UpstreamHttp.create(CONNECT_TIMEOUT);
    Map<String, Provider> out = new LinkedHashMap<>();
    configs.forEach((name, c) -> {
      boolean echo = c.type().equals("echo") || (c.echoWithoutKey() && c.apiKey().isEmpty());
      Provider p = echo ? new EchoProvider(name, tokens)
          : c.type().equals("anthropic") ? anthropic.apply(c)
          : new OpenAiProvider(name, c.baseUrl(), c.apiKey(), c.headers(), c.trust(), http);
      out.put(name, p);
    });
    return new Providers(out, configs);
  }

  public Optional<Provider> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public GatewayConfig.ProviderConfig config(String name) {
    return configs.get(name);
  }

  /**
   * Whether the provider speaks Anthropic's Messages API, so the Anthropic-only fields of a
   * request ({@code AnthropicExtensions}) reach it; every other provider gets them removed.
   */
  public boolean speaksAnthropic(String name) {
    GatewayConfig.ProviderConfig c = configs.get(name);
    return c != null && c.type().equals("anthropic") && !(byName.get(name) instanceof EchoProvider);
  }

  /** "echo" or the provider's type, for the startup banner. */
  public String describe(String name) {
    Provider p = byName.get(name);
    return p instanceof EchoProvider ? "echo" : configs.get(name).type() + " " + configs.get(name).baseUrl();
  }
}
