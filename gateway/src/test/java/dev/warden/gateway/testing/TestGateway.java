package dev.warden.gateway.testing;

import dev.warden.gateway.Gateway;
import dev.warden.gateway.config.ConfigException;
import dev.warden.gateway.config.ConfigLoader;
import dev.warden.gateway.config.Env;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A real gateway on a free loopback port, configured from YAML text, for tests that talk HTTP
 * to it as callers do. {@code ${MOCK}} in the YAML is replaced by the mock upstream's base URL
 * and {@code ${RESET}} by its resetting one.
 */
public final class TestGateway implements AutoCloseable {
  /** The key every test configuration defines for a US caller, and for an EU caller. */
  public static final String KEY = "wk-test-us-0123456789";
  public static final String EU_KEY = "wk-test-eu-0123456789";
  public static final String ADMIN = "wadm-test-token";

  private final Gateway gateway;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestGateway(Gateway gateway) {
    this.gateway = gateway;
  }

  /** Writes {@code yaml} to {@code dir}/gateway.yaml and starts the gateway it describes. */
  public static TestGateway start(Path dir, String yaml, MockUpstream mock) throws ConfigException {
    return start(dir, yaml, mock, Clock.systemUTC());
  }

  /** {@link #start(Path, String, MockUpstream)} with the gateway's clock (expiries, grace periods). */
  public static TestGateway start(Path dir, String yaml, MockUpstream mock, Clock clock) throws ConfigException {
    String text = yaml.replace("${MOCK}", mock == null ? "http://127.0.0.1:9/v1" : mock.baseUrl())
        .replace("${RESET}", mock == null ? "http://127.0.0.1:9/v1" : mock.resetBaseUrl());
    Path file = dir.resolve("gateway.yaml");
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Gateway g = Gateway.create(new ConfigLoader(Env.of(Map.of()), dir).load(file), clock);
    g.start();
    return new TestGateway(g);
  }

  /**
   * A configuration of the given pack folders with the mock upstream behind these models:
   * {@code small-us} (parrot, US), {@code premium-us} (fixed answer, US, falls back to
   * {@code small-us}), {@code flaky-us} (HTTP 500, falls back to {@code premium-us}),
   * {@code eu-small} (parrot, EU), {@code hang-us}, {@code reset-us}, {@code garbage-us},
   * {@code cut-us}, {@code stall-us}, {@code ratelimited-us} (HTTP 429), {@code tool-us} (calls a tool), {@code refusal-us} (streams a refusal),
   * {@code legacy-fn-us} (streams a legacy function call), {@code echo-us} (the echo provider)
   * and {@code embed-us}.
   */
  public static String config(String packFolders, String extra) {
    return """
        server: {host: 127.0.0.1, port: 0, max_body_bytes: 65536}
        admin: {token: %s}
        packs: {folders: [%s], watch: true}
        policy: {hash_key: test-hash-key}
        keys:
          - {id: us, key: %s, user: alice, team: eng, tenant: acme, app: tests, region: us, env: test, roles: [member]}
          - {id: eu, key: %s, user: bruno, team: legal, tenant: acme, app: tests, region: eu, env: test, roles: [member]}
          - {id: narrow, key: wk-test-narrow-0123456789, user: carol, team: eng, region: us, models: [small-us]}
        providers:
          mock: {type: openai, base_url: "${MOCK}", api_key: upstream-secret, timeout_ms: 1500, retries: 1}
          broken: {type: openai, base_url: "${RESET}", timeout_ms: 1500, retries: 0}
          echo: {type: echo}
        models:
          - {name: small-us, provider: mock, upstream: parrot, region: us, tier: small, input_price: 0.1, output_price: 0.2, context: 8000}
          - {name: premium-us, provider: mock, upstream: fixed, region: us, tier: premium, input_price: 2, output_price: 8, context: 8000, fallbacks: [small-us]}
          - {name: flaky-us, provider: mock, upstream: fail-500, region: us, tier: premium, input_price: 2, output_price: 8, context: 8000, fallbacks: [premium-us]}
          - {name: eu-small, provider: mock, upstream: parrot, region: eu, tier: small, input_price: 0.1, output_price: 0.2, context: 8000}
          - {name: hang-us, provider: mock, upstream: hang, region: us, tier: small, input_price: 1, output_price: 1, context: 8000}
          - {name: reset-us, provider: broken, upstream: parrot, region: us, tier: small, input_price: 1, output_price: 1, context: 8000}
          - {name: garbage-us, provider: mock, upstream: garbage, region: us, tier: small, input_price: 1, output_price: 1, context: 8000}
          - {name: cut-us, provider: mock, upstream: cut, region: us, tier: small, input_price: 1, output_price: 1, context: 8000}
          - {name: stall-us, provider: mock, upstream: stall, region: us, tier: small, input_price: 1, output_price: 1, context: 8000}
          - {name: echo-us, provider: echo, region: us, tier: small, input_price: 0, output_price: 0, context: 8000}
          - {name: ratelimited-us, provider: mock, upstream: fail-429, region: us, tier: small, input_price: 1, output_price: 1, context: 8000}
          - {name: tool-us, provider: mock, upstream: tool, region: us, tier: small, input_price: 1, output_price: 1, context: 8000}
          - {name: refusal-us, provider: mock, upstream: refusal, region: us, tier: small, input_price: 1, output_price: 1, context: 8000}
          - {name: legacy-fn-us, provider: mock, upstream: legacy-function, region: us, tier: small, input_price: 1, output_price: 1, context: 8000}
          - {name: embed-us, provider: mock, upstream: embed, region: us, tier: small, tags: [embedding], input_price: 0.1, output_price: 0, context: 8000}
        %s
        """.formatted(ADMIN, packFolders, KEY, EU_KEY, extra);
  }

  /** The folder of the gateway tests' packs ({@code basic}: redaction, blocks, EU routing, a warning). */
  public static String testPacks() {
    return Path.of("src/test/resources/packs").toAbsolutePath().toString();
  }

  public Gateway gateway() {
    return gateway;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + gateway.port();
  }

  public URI uri(String path) {
    return URI.create(baseUrl() + path);
  }

  /** POSTs a JSON body with the given key (null: none). */
  public HttpResponse<String> post(String path, String key, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    if (key != null) {
      b.header("authorization", "Bearer " + key);
    }
    return send(b.build());
  }

  public HttpResponse<String> get(String path, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET();
    if (key != null) {
      b.header("authorization", "Bearer " + key);
    }
    return send(b.build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A one-message chat body. */
  public static String chat(String model, String userText) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":" + quote(userText) + "}]}";
  }

  public static String quote(String s) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    gateway.close();
  }
}
