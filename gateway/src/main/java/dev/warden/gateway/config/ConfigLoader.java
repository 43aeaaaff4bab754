package dev.warden.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.warden.engine.catalog.ModelCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Reads the gateway's YAML configuration: substitutes environment variables, resolves paths
 * against a base folder, hashes plain virtual keys, and checks references (a model's provider,
 * its fallbacks) so a mistake is reported at startup with the key that is wrong.
 */
public final class ConfigLoader {
  /** The embedded default: the shipped packs and the echo provider, on 127.0.0.1. */
  public static final String DEFAULT_RESOURCE = "/dev/warden/gateway/default-config.yaml";
  private static final Set<String> PROVIDER_TYPES = Set.of("openai", "anthropic", "echo");

  private final Env env;
  private final Path base;

  /** @param base the folder relative paths (packs, tests) are resolved against */
  public ConfigLoader(Env env, Path base) {
    this.env = env;
    this.base = base;
  }

  public GatewayConfig load(Path file) throws ConfigException {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + (e instanceof java.nio.file.NoSuchFileException
          ? "no such file" : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage()), e);
    }
  }

  public GatewayConfig loadDefault() throws ConfigException {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new ConfigException("the embedded default configuration is missing from the classpath");
      }
      GatewayConfig c = parse(in, "the embedded default configuration");
      refusePublicKeysBeyondLoopback(c);
      return c;
    } catch (IOException e) {
      throw new ConfigException("cannot read the embedded default configuration: " + e.getMessage(), e);
    }
  }

  /** The demo keys of the embedded default, published in its README. */
  static final List<String> PUBLIC_DEMO_KEYS = List.of("wk-demo-0123456789abcdef", "wk-demo-eu-0123456789abcdef");

  /**
   * The embedded default's demo keys are public: fine on 127.0.0.1, but a gateway reachable from
   * elsewhere (WARDEN_HOST) with them would let anyone spend the provider keys in its environment.
   */
  private static void refusePublicKeysBeyondLoopback(GatewayConfig c) throws ConfigException {
    if (isLoopback(c.server().host())) {
      return;
    }
    for (GatewayConfig.KeyConfig k : c.keys()) {
      if (PUBLIC_DEMO_KEYS.stream().map(ConfigLoader::sha256).anyMatch(k.sha256()::equals)) {
        throw new ConfigException("the embedded default's demo key \"" + k.id() + "\" is public and the gateway would"
            + " listen on " + c.server().host() + ": set WARDEN_DEMO_KEY and WARDEN_DEMO_EU_KEY to secrets of your own,"
            + " or write a configuration (--config)");
      }
    }
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("::1") || host.equals("[::1]") || host.startsWith("127.");
  }

  GatewayConfig parse(InputStream yaml, String where) throws ConfigException {
    try {
      return parseChecked(yaml, where);
    } catch (IllegalArgumentException e) {
      // an unclosed ${ in a value, or a value a record refuses
      throw new ConfigException(where + ": " + e.getMessage(), e);
    }
  }

  private GatewayConfig parseChecked(InputStream yaml, String where) throws ConfigException {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(new String(yaml.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException(where + " is not valid YAML: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(where + " must be a YAML mapping with server, keys, providers and models");
    }
    known(root, "", Set.of("server", "admin", "packs", "policy", "keys", "providers", "models", "audit", "metrics",
        "tracing", "store", "redis", "budgets", "finance"));
    known(root.path("server"), "server.", Set.of("host", "port", "max_body_bytes"));
    known(root.path("admin"), "admin.", Set.of("token"));
    known(root.path("packs"), "packs.", Set.of("folders", "tests", "watch"));
    known(root.path("policy"), "policy.", Set.of("fail_open", "hash_key", "time_zone"));
    for (var p : root.path("providers").properties()) {
      known(p.getValue(), "providers." + p.getKey() + ".", Set.of("type", "base_url", "api_key", "headers", "timeout_ms",
          "retries", "echo_without_key", "ca_file"));
    }
    for (JsonNode k : root.path("keys")) {
      known(k, "keys[" + k.path("id").asText("?") + "].", Set.of("id", "key", "sha256", "user", "team", "tenant", "app",
          "region", "env", "roles", "models", "limits"));
    }
    GatewayConfig.Server server = server(root.path("server"));
    String adminToken = str(root.path("admin"), "token", "");
    GatewayConfig.Packs packs = packs(root.path("packs"));
    GatewayConfig.Policy policy = policy(root.path("policy"));
    Map<String, GatewayConfig.ProviderConfig> providers = providers(root.path("providers"));
    JsonNode modelsNode = root.path("models");
    if (modelsNode.isMissingNode() || modelsNode.isNull()) {
      try (InputStream in = ModelCatalog.defaultYaml()) {
        modelsNode = new ObjectMapper(new YAMLFactory()).readTree(in).path("models");
      } catch (IOException e) {
        throw new ConfigException("cannot read the default model catalog: " + e.getMessage(), e);
      }
    }
    List<GatewayConfig.ModelConfig> models = models(modelsNode, providers.keySet());
    List<GatewayConfig.KeyConfig> keys = keys(root.path("keys"), models);
    Observability observability = new ObservabilityLoader(env, base).read(root);
    Finance finance = new FinanceLoader(env, base).read(root);
    return new GatewayConfig(server, new GatewayConfig.Admin(adminToken.isEmpty() ? Optional.empty()
        : Optional.of(adminToken)), packs, policy, keys, providers, models, observability, finance);
  }

  /** A misspelt setting is an error that names the nearest known one, not a silent default. */
  static void known(JsonNode n, String prefix, Set<String> keys) throws ConfigException {
    if (n.isMissingNode() || n.isNull()) {
      return;
    }
    if (!n.isObject()) {
      throw new ConfigException((prefix.isEmpty() ? "the configuration" : prefix.substring(0, prefix.length() - 1))
          + " must be a mapping of " + new java.util.TreeSet<>(keys));
    }
    for (var e : n.properties()) {
      if (!keys.contains(e.getKey())) {
        String near = keys.stream().min(java.util.Comparator.comparingInt(k -> distance(k, e.getKey()))).orElse("");
        throw new ConfigException("unknown setting " + prefix + e.getKey()
            + (distance(near, e.getKey()) <= 2 ? " (did you mean " + prefix + near + "?)" : "")
            + "; known here: " + new java.util.TreeSet<>(keys));
      }
    }
  }

  private static int distance(String a, String b) {
    return LevenshteinDistance.getDefaultInstance().apply(a, b);
  }

  private GatewayConfig.Server server(JsonNode n) throws ConfigException {
    int port = (int) num(n, "port", 8080);
    if (port < 0 || port > 65535) {
      throw new ConfigException("server.port must be 0..65535 (0: any free port); got " + port);
    }
    long max = (long) num(n, "max_body_bytes", 4 * 1024 * 1024);
    if (max < 1024) {
      throw new ConfigException("server.max_body_bytes must be at least 1024; got " + max);
    }
    return new GatewayConfig.Server(str(n, "host", "127.0.0.1"), port, max);
  }

  private GatewayConfig.Packs packs(JsonNode n) throws ConfigException {
    return new GatewayConfig.Packs(paths(n.path("folders"), List.of("rule-packs")),
        paths(n.path("tests"), List.of()), n.path("watch").asBoolean(true));
  }

  private List<Path> paths(JsonNode n, List<String> dflt) throws ConfigException {
    List<String> raw = new ArrayList<>();
    if (n.isMissingNode() || n.isNull()) {
      raw.addAll(dflt);
    } else if (n.isArray()) {
      for (JsonNode x : n) {
        raw.add(env.substitute(x.asText()));
      }
    } else {
      throw new ConfigException("packs.folders and packs.tests are lists of folders");
    }
    List<Path> out = new ArrayList<>();
    for (String r : raw) {
      Path p = Path.of(r);
      out.add(p.isAbsolute() ? p : base.resolve(p).normalize());
    }
    return out;
  }

  private GatewayConfig.Policy policy(JsonNode n) throws ConfigException {
    ZoneId zone;
    try {
      zone = ZoneId.of(str(n, "time_zone", "UTC"));
    } catch (DateTimeException e) {
      throw new ConfigException("policy.time_zone is not a time zone: " + e.getMessage());
    }
    String key = str(n, "hash_key", "");
    return new GatewayConfig.Policy(n.path("fail_open").asBoolean(false), key.getBytes(StandardCharsets.UTF_8), zone);
  }

  private Map<String, GatewayConfig.ProviderConfig> providers(JsonNode n) throws ConfigException {
    Map<String, GatewayConfig.ProviderConfig> out = new LinkedHashMap<>();
    if (!n.isObject()) {
      throw new ConfigException("providers must be a mapping of provider names to {type, base_url, api_key}");
    }
    for (var e : n.properties()) {
      JsonNode p = e.getValue();
      String type = str(p, "type", e.getKey());
      if (!PROVIDER_TYPES.contains(type)) {
        throw new ConfigException("providers." + e.getKey() + ".type must be one of " + PROVIDER_TYPES + "; got " + type);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      p.path("headers").properties().forEach(h -> headers.put(h.getKey(), env.substitute(h.getValue().asText())));
      String defaultUrl = type.equals("anthropic") ? "https://api.anthropic.com" : "https://api.openai.com/v1";
      out.put(e.getKey(), new GatewayConfig.ProviderConfig(e.getKey(), type, str(p, "base_url", defaultUrl),
          str(p, "api_key", ""), headers, Duration.ofMillis(atLeast(p, e.getKey(), "timeout_ms", 60_000, 1)),
          (int) atLeast(p, e.getKey(), "retries", 2, 0), p.path("echo_without_key").asBoolean(false),
          trust(p, e.getKey())));
    }
    if (out.isEmpty()) {
      throw new ConfigException("providers is empty: configure at least one (type: echo needs nothing)");
    }
    return out;
  }

  /**
   * The certificates of {@code providers.<name>.ca_file} (PEM, relative to the configuration's
   * folder): an https upstream must present a chain that leads to one of them, as with
   * {@code curl --cacert}. None given: the JDK's trusted authorities.
   */
  private List<X509Certificate> trust(JsonNode p, String provider) throws ConfigException {
    String file = str(p, "ca_file", "");
    if (file.isEmpty()) {
      return List.of();
    }
    Path path = Path.of(file).isAbsolute() ? Path.of(file) : base.resolve(file).normalize();
    String where = "providers." + provider + ".ca_file (" + path + ")";
    List<X509Certificate> certs = new ArrayList<>();
    try {
      if (Files.size(path) > MAX_CA_FILE_BYTES) {
        throw new ConfigException(where + " is larger than " + MAX_CA_FILE_BYTES / 1024 + " KB: it should hold a few PEM"
            + " certificates");
      }
    } catch (IOException e) {
      throw new ConfigException(where + " cannot be read: " + e.getMessage(), e);
    }
    try (InputStream in = Files.newInputStream(path)) {
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certs.add((X509Certificate) c);
      }
    } catch (IOException e) {
      throw new ConfigException(where + " cannot be read: " + e.getMessage(), e);
    } catch (CertificateException | RuntimeException e) {
      throw new ConfigException(where + " is not a file of PEM certificates (-----BEGIN CERTIFICATE-----): "
          + e.getMessage(), e);
    }
    if (certs.isEmpty()) {
      throw new ConfigException(where + " holds no certificate: give the PEM certificate of the authority that signed"
          + " the upstream's certificate");
    }
    return certs;
  }

  private static final long MAX_CA_FILE_BYTES = 1024 * 1024;

  /** What a catalog entry may say: the rules' view of a model and the gateway's. */
  private static final Set<String> MODEL_SETTINGS = Set.of("name", "provider", "upstream", "region", "tier", "tags",
      "input_price", "output_price", "context", "fallbacks");

  /** A whole number setting of a provider, {@code min} or more. */
  private long atLeast(JsonNode p, String provider, String key, long dflt, long min) throws ConfigException {
    double v = num(p, key, dflt);
    if (v < min || v != Math.rint(v)) {
      throw new ConfigException("providers." + provider + "." + key + " must be a whole number, " + min + " or more; got "
          + p.path(key).asText());
    }
    return (long) v;
  }

  private List<GatewayConfig.ModelConfig> models(JsonNode n, Set<String> providers) throws ConfigException {
    if (!n.isArray() || n.isEmpty()) {
      throw new ConfigException("models must be a non-empty list of catalog models");
    }
    List<GatewayConfig.ModelConfig> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode raw : n) {
      // ${NAME} in any value of a catalog entry (a model id per environment, a region)
      JsonNode m = substituted(raw);
      known(m, "models[" + m.path("name").asText("?") + "].", MODEL_SETTINGS);
      dev.warden.dsl.model.ModelSpec spec;
      try {
        spec = ModelCatalog.spec(m);
      } catch (IOException e) {
        throw new ConfigException("models: " + e.getMessage(), e);
      }
      if (!names.add(spec.name())) {
        throw new ConfigException("model \"" + spec.name() + "\" is in models twice");
      }
      String provider = str(m, "provider", "");
      if (!providers.contains(provider)) {
        throw new ConfigException("model \"" + spec.name() + "\": provider \"" + provider + "\" is not in providers "
            + providers);
      }
      List<String> fallbacks = new ArrayList<>();
      m.path("fallbacks").forEach(f -> fallbacks.add(f.asText()));
      out.add(new GatewayConfig.ModelConfig(spec, provider, str(m, "upstream", spec.name()), fallbacks));
    }
    for (GatewayConfig.ModelConfig m : out) {
      for (String f : m.fallbacks()) {
        if (!names.contains(f)) {
          throw new ConfigException("model \"" + m.spec().name() + "\": fallback \"" + f + "\" is not in models");
        }
      }
    }
    return out;
  }

  /** A copy of {@code n} with {@code ${NAME}} substituted in every text value. */
  private JsonNode substituted(JsonNode n) {
    if (n.isTextual()) {
      return com.fasterxml.jackson.databind.node.TextNode.valueOf(env.substitute(n.asText()));
    }
    if (n.isObject()) {
      com.fasterxml.jackson.databind.node.ObjectNode o = ((com.fasterxml.jackson.databind.node.ObjectNode) n).objectNode();
      n.properties().forEach(e -> o.set(e.getKey(), substituted(e.getValue())));
      return o;
    }
    if (n.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode a = ((com.fasterxml.jackson.databind.node.ArrayNode) n).arrayNode();
      n.forEach(x -> a.add(substituted(x)));
      return a;
    }
    return n;
  }

  private List<GatewayConfig.KeyConfig> keys(JsonNode n, List<GatewayConfig.ModelConfig> models)
      throws ConfigException {
    List<GatewayConfig.KeyConfig> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    models.forEach(m -> names.add(m.spec().name()));
    Set<String> hashes = new LinkedHashSet<>();
    for (JsonNode k : n) {
      String id = str(k, "id", "");
      if (id.isEmpty()) {
        throw new ConfigException("every key needs an id (shown in audit records; never the secret)");
      }
      String plain = str(k, "key", "");
      String sha = str(k, "sha256", "").toLowerCase(java.util.Locale.ROOT);
      if (plain.isEmpty() == sha.isEmpty()) {
        throw new ConfigException("key \"" + id + "\" needs exactly one of key (the secret, hashed at load) or sha256");
      }
      String hash = sha.isEmpty() ? sha256(plain) : sha;
      if (!hash.matches("[0-9a-f]{64}")) {
        throw new ConfigException("key \"" + id + "\": sha256 must be 64 hex digits");
      }
      if (!hashes.add(hash)) {
        throw new ConfigException("key \"" + id + "\" has the same secret as another key");
      }
      List<String> roles = new ArrayList<>();
      k.path("roles").forEach(r -> roles.add(r.asText()));
      List<String> allowed = new ArrayList<>();
      for (JsonNode m : k.path("models")) {
        if (!names.contains(m.asText())) {
          throw new ConfigException("key \"" + id + "\": model \"" + m.asText() + "\" is not in models");
        }
        allowed.add(m.asText());
      }
      out.add(new GatewayConfig.KeyConfig(id, hash, str(k, "user", ""), str(k, "team", ""), str(k, "tenant", ""),
          str(k, "app", ""), str(k, "region", ""), str(k, "env", ""), roles, allowed,
          new FinanceLoader(env, base).limits(k.path("limits"), id)));
    }
    return out;
  }

  /** SHA-256 of a key's secret, in hex: what the gateway stores and compares. */
  public static String sha256(String secret) {
    return HexFormat.of().formatHex(sha256Digest().digest(secret.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A fresh SHA-256 digest, cloned from one that is never used itself: every request hashes its
   * key, and {@code getInstance} searches the security providers each time.
   */
  private static MessageDigest sha256Digest() {
    try {
      return (MessageDigest) SHA256.clone();
    } catch (CloneNotSupportedException e) {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException never) {
        throw new IllegalStateException(never);
      }
    }
  }

  private static final MessageDigest SHA256 = newSha256();

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String str(JsonNode n, String key, String dflt) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? dflt : env.substitute(v.asText());
  }

  private double num(JsonNode n, String key, double dflt) throws ConfigException {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    String s = env.substitute(v.asText());
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a number; got \"" + s + "\"");
    }
  }
}
