package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.warden.gateway.config.ConfigException;
import dev.warden.gateway.config.ConfigLoader;
import dev.warden.gateway.config.Env;
import dev.warden.gateway.testing.TestGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstreams over https, as every hosted provider is: an upstream whose certificate chain leads to
 * the provider's {@code ca_file} serves (answers and streams); one whose
 * certificate the gateway cannot trust, or that names another host, is refused with a 502 that
 * says so, never served; a {@code ca_file} that is missing, too large or not PEM stops the
 * gateway at startup. The certificates are made by the JDK's keytool in a temporary folder.
 */
@Timeout(120)
class TlsUpstreamTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static Path dir;
  static HttpsServer local;
  static HttpsServer elsewhere;
  static TestGateway gw;

  @BeforeAll
  static void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    local = server(keystore("local", "ip:127.0.0.1,dns:localhost"));
    elsewhere = server(keystore("elsewhere", "dns:upstream.example.org"));
    String yaml = TestGateway.config(TestGateway.testPacks(), """
          - {name: tls-us, provider: tls, upstream: fixed, region: us, tier: small, input_price: 1, output_price: 1, context: 8000}
          - {name: untrusted-us, provider: untrusted, upstream: fixed, region: us, tier: small, input_price: 1, output_price: 1, context: 8000}
          - {name: wrong-host-us, provider: wronghost, upstream: fixed, region: us, tier: small, input_price: 1, output_price: 1, context: 8000}
        """).replace("providers:\n", "providers:\n"
        + "  tls: {type: openai, base_url: \"https://127.0.0.1:" + local.getAddress().getPort() + "/v1\","
        + " ca_file: local.pem, timeout_ms: 3000, retries: 0}\n"
        + "  untrusted: {type: openai, base_url: \"https://127.0.0.1:" + local.getAddress().getPort() + "/v1\","
        + " timeout_ms: 3000, retries: 0}\n"
        + "  wronghost: {type: openai, base_url: \"https://127.0.0.1:" + elsewhere.getAddress().getPort() + "/v1\","
        + " ca_file: elsewhere.pem, timeout_ms: 3000, retries: 0}\n");
    gw = TestGateway.start(dir, yaml, null);
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
    for (HttpsServer s : new HttpsServer[] {local, elsewhere}) {
      if (s != null) {
        s.stop(0);
      }
    }
  }

  @Test
  void anUpstreamTrustedThroughItsCaFileServesAnswersAndStreams() throws Exception {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("tls-us", "Hello"));
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("Hello over TLS.", JSON.readTree(r.body()).at("/choices/0/message/content").asText(), r.body());
    }
    HttpResponse<String> s = gw.post("/v1/chat/completions", TestGateway.KEY,
        "{\"model\":\"tls-us\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
    assertEquals(200, s.statusCode(), s.body());
    StringBuilder text = new StringBuilder();
    for (JsonNode e : ChatApiTest.events(s.body())) {
      text.append(e.path("choices").path(0).path("delta").path("content").asText(""));
    }
    assertEquals("Hello over TLS.", text.toString(), s.body());
  }

  @Test
  void anUpstreamWhoseCertificateIsNotTrustedIsRefused() throws Exception {
    HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("untrusted-us", "Hello"));
    assertEquals(502, r.statusCode(), r.body());
    String message = JSON.readTree(r.body()).path("error").path("message").asText();
    assertTrue(message.contains("TLS handshake with untrusted failed") && message.contains("providers.untrusted.ca_file"),
        r.body());
    assertFalse(r.body().contains("Hello over TLS"), r.body());
  }

  @Test
  void anUpstreamWhoseCertificateNamesAnotherHostIsRefused() throws Exception {
    HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.KEY, TestGateway.chat("wrong-host-us", "Hello"));
    assertEquals(502, r.statusCode(), r.body());
    assertTrue(r.body().contains("TLS handshake with wronghost failed"), r.body());
    assertFalse(r.body().contains("Hello over TLS"), r.body());
  }

  @Test
  void aCaFileThatCannotBeUsedStopsTheGatewayAtStartup() throws Exception {
    Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
    Files.writeString(dir.resolve("empty.pem"), "");
    Files.write(dir.resolve("huge.pem"), new byte[2 * 1024 * 1024]);
    for (String file : List.of("missing.pem", "garbage.pem", "empty.pem", "huge.pem")) {
      Path config = dir.resolve("bad-" + file + ".yaml");
      Files.writeString(config, TestGateway.config(TestGateway.testPacks(), "").replace("providers:\n",
          "providers:\n  tls: {type: openai, base_url: \"https://127.0.0.1:1/v1\", ca_file: " + file + "}\n"));
      ConfigException e = assertThrows(ConfigException.class,
          () -> new ConfigLoader(Env.of(Map.of()), dir).load(config), file);
      assertTrue(e.getMessage().contains("providers.tls.ca_file"), e.getMessage());
    }
  }

  /** A key pair and self-signed certificate for {@code san}; its certificate is written to {@code <name>.pem}. */
  private static Path keystore(String name, String san) throws Exception {
    Path store = dir.resolve(name + ".p12");
    keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=" + name, "-ext", "san=" + san, "-keystore", store.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-keypass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(), "-storepass", "changeit",
        "-file", dir.resolve(name + ".pem").toString());
    return store;
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool took too long");
    assertEquals(0, p.exitValue(), "keytool " + String.join(" ", args) + ": " + out);
  }

  /** An OpenAI-compatible upstream over https that answers "Hello over TLS.", streamed or not. */
  private static HttpsServer server(Path keystore) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), null, null);
    HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.setHttpsConfigurator(new HttpsConfigurator(ssl));
    s.createContext("/v1/chat/completions", TlsUpstreamTest::answer);
    s.start();
    return s;
  }

  private static void answer(HttpExchange x) throws IOException {
    JsonNode body = JSON.readTree(x.getRequestBody().readAllBytes());
    String text = "Hello over TLS.";
    boolean stream = body.path("stream").asBoolean(false);
    String out;
    if (stream) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < text.length(); i += 5) {
        b.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"fixed\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":").append(JSON.writeValueAsString(text.substring(i, Math.min(text.length(), i + 5))))
            .append("}}]}\n\n");
      }
      b.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"fixed\",\"choices\":[{\"index\":0,"
          + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
      out = b.toString();
      x.getResponseHeaders().set("content-type", "text/event-stream");
    } else {
      out = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"fixed\",\"choices\":[{\"index\":0,\"message\":"
          + "{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}";
      x.getResponseHeaders().set("content-type", "application/json");
    }
    byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(200, bytes.length);
    try (OutputStream o = x.getResponseBody()) {
      o.write(bytes);
    }
  }
}
