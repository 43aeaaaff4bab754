package dev.warden.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The configuration file: substitution, defaults, and a clear error for every mistake. */
class ConfigLoaderTest {
  static final String MINIMAL = """
      providers:
        local: {type: echo}
      models:
        - {name: m, provider: local, region: us, tier: small, input_price: 1, output_price: 1, context: 1000}
      keys:
        - {id: k, key: "${KEY:-plain-secret}", team: t, models: [m]}
      """;

  static GatewayConfig load(String yaml, Map<String, String> env) throws ConfigException {
    return new ConfigLoader(Env.of(env), Path.of("/srv/warden"))
        .parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  static String error(String yaml) {
    return assertThrows(ConfigException.class, () -> load(yaml, Map.of())).getMessage();
  }

  @Test
  void defaultsAndSubstitution() throws Exception {
    GatewayConfig c = load(MINIMAL, Map.of("KEY", "from-env"));
    assertEquals("127.0.0.1", c.server().host());
    assertEquals(8080, c.server().port());
    assertEquals(4 * 1024 * 1024, c.server().maxBodyBytes());
    assertEquals(Path.of("/srv/warden/rule-packs"), c.packs().folders().getFirst());
    assertEquals(ConfigLoader.sha256("from-env"), c.keys().getFirst().sha256());
    assertEquals(ConfigLoader.sha256("plain-secret"), load(MINIMAL, Map.of()).keys().getFirst().sha256());
    assertTrue(c.admin().token().isEmpty());
    assertEquals(false, c.policy().failOpen());
  }

  @Test
  void catalogValuesAreSubstitutedToo() throws Exception {
    GatewayConfig c = load(MINIMAL.replace("{name: m, provider: local, region: us,",
        "{name: m, provider: local, upstream: \"${DEPLOYMENT:-gpt-4o}\", region: \"${REGION:-us}\","),
        Map.of("DEPLOYMENT", "gpt-4o-2024-08-06-prod"));
    assertEquals("gpt-4o-2024-08-06-prod", c.models().getFirst().upstream());
    assertEquals("us", c.models().getFirst().spec().region());
  }

  @Test
  void theEmbeddedDefaultLoadsWithTheDefaultCatalog() throws Exception {
    GatewayConfig c = new ConfigLoader(Env.of(Map.of()), Path.of("/srv/warden")).loadDefault();
    assertTrue(c.models().stream().anyMatch(m -> m.spec().name().equals("mistral-large")));
    assertEquals(2, c.keys().size());
    assertEquals("127.0.0.1", c.server().host());
  }

  @Test
  void theEmbeddedDefaultRefusesItsPublicDemoKeysBeyondLoopback() throws Exception {
    ConfigException e = assertThrows(ConfigException.class,
        () -> new ConfigLoader(Env.of(Map.of("WARDEN_HOST", "0.0.0.0")), Path.of("/srv/warden")).loadDefault());
    assertTrue(e.getMessage().contains("demo key \"demo\" is public"), e.getMessage());
    GatewayConfig c = new ConfigLoader(Env.of(Map.of("WARDEN_HOST", "0.0.0.0", "WARDEN_DEMO_KEY", "wk-mine-1",
        "WARDEN_DEMO_EU_KEY", "wk-mine-2")), Path.of("/srv/warden")).loadDefault();
    assertEquals("0.0.0.0", c.server().host());
  }

  @Test
  void mistakesAreNamed() {
    assertTrue(error("providers: [").contains("not valid YAML"));
    assertTrue(error("- a list").contains("must be a YAML mapping"));
    assertTrue(error(MINIMAL + "provders: {}\n").contains("unknown setting provders (did you mean providers?)"));
    assertTrue(error(MINIMAL + "server: {prot: 80}\n").contains("server.prot (did you mean server.port?)"));
    assertTrue(error(MINIMAL + "server: {port: 70000}\n").contains("server.port must be 0..65535"));
    assertTrue(error(MINIMAL + "server: {port: eighty}\n").contains("port must be a number"));
    assertTrue(error(MINIMAL + "server: {max_body_bytes: 10}\n").contains("at least 1024"));
    assertTrue(error(MINIMAL + "policy: {time_zone: Mars/Olympus}\n").contains("not a time zone"));
    assertTrue(error(MINIMAL.replace("type: echo", "type: carrier-pigeon")).contains("must be one of"));
    assertTrue(error(MINIMAL.replace("provider: local", "provider: nowhere")).contains("provider \"nowhere\""));
    assertTrue(error(MINIMAL.replace("context: 1000}", "context: 1000, fallbacks: [n]}")).contains("fallback \"n\""));
    assertTrue(error(MINIMAL.replace("models: [m]", "models: [n]")).contains("model \"n\" is not in models"));
    assertTrue(error(MINIMAL.replace("key: \"${KEY:-plain-secret}\", ", "")).contains("exactly one of key"));
    assertTrue(error(MINIMAL.replace("${KEY:-plain-secret}", "${KEY")).contains("not closed"));
    assertTrue(error(MINIMAL + "  - {id: k2, key: plain-secret}\n").contains("same secret"));
    assertTrue(error(MINIMAL.replace("region: us", "regoin: us")).contains("models[m].regoin (did you mean models[m].region?)"));
    assertTrue(error(MINIMAL.replace("context: 1000}", "context: 1000, fallback: [m]}"))
        .contains("did you mean models[m].fallbacks?"));
    assertTrue(error(MINIMAL.replace("type: echo}", "type: echo, timeout_ms: 0}"))
        .contains("providers.local.timeout_ms must be a whole number, 1 or more; got 0"));
    assertTrue(error(MINIMAL.replace("type: echo}", "type: echo, retries: -1}")).contains("retries must be a whole number"));
  }

  @Test
  @Timeout(5)
  void aYamlBombIsRefused() {
    StringBuilder bomb = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char p = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*").append(p)
          .append(",*").append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p).append(",*")
          .append(p).append(",*").append(p).append(",*").append(p).append("]\n");
    }
    // aliases are not expanded into a billion nodes: the file is read at once and refused
    assertTrue(error(bomb.toString()).contains("unknown setting a"));
  }
}
