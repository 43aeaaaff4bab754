package dev.warden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check: a raw e-mail address, card number or secret sent in a prompt appears
 * nowhere the gateway writes at the default log level: not in the audit log, the metrics, the
 * traces, the admin API's answers or any error message. The embedded default configuration
 * (shipped packs) with traces exported over OTLP to a loopback receiver that keeps every byte.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RawValuesTest {
  static final String EMAIL = "ann.lee@example.org";
  static final String CARD = "4111 1111 1111 1111";
  static final String CARD_DIGITS = "4111111111111111";
  static final String SECRET = "ghp_pfJBd0Kh8oOOL8dKLzdocJ2isAjIhKtJ0Rlg";
  static final String TEXT = "Email " + EMAIL + " that card " + CARD + " was charged twice";

  @TempDir
  Path dir;

  @Test
  void noRawValueLeavesThroughAnyChannel() throws Exception {
    ByteArrayOutputStream traces = new ByteArrayOutputStream();
    HttpServer otlp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    otlp.createContext("/v1/traces", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      synchronized (traces) {
        traces.writeBytes(body);
      }
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    otlp.start();
    Path audit = dir.resolve("audit");
    List<String> seen = new ArrayList<>();
    Gateway g = DefaultConfigTest.start(Map.of("WARDEN_AUDIT_DIR", audit.toString(), "WARDEN_TRACING", "otlp",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:" + otlp.getAddress().getPort() + "/v1/traces"));
    try {
      String base = "http://127.0.0.1:" + g.port();
      HttpResponse<String> served = DefaultConfigTest.chat(g, DefaultConfigTest.DEMO,
          DefaultConfigTest.user("gpt-4o", TEXT));
      assertEquals(200, served.statusCode(), served.body());
      HttpResponse<String> secret = DefaultConfigTest.chat(g, DefaultConfigTest.DEMO,
          DefaultConfigTest.user("gpt-4o", "deploy with " + SECRET + " and tell " + EMAIL));
      assertTrue(secret.statusCode() >= 400, secret.body());
      seen.add(secret.body());
      HttpResponse<String> streamed = DefaultConfigTest.chat(g, DefaultConfigTest.DEMO,
          "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
              + DefaultConfigTest.quote(TEXT) + "}]}");
      assertEquals(200, streamed.statusCode());
      // bodies that do not parse, or ask for what does not exist, with the values in them
      for (String bad : new String[] {"[" + EMAIL + "]", "{\"model\": \"" + EMAIL + "\", \"messages\": []}",
          "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + CARD + "\"}], " + SECRET + "}",
          "{\"model\":\"" + CARD + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + SECRET + "\"}]}"}) {
        HttpResponse<String> r = DefaultConfigTest.chat(g, DefaultConfigTest.DEMO, bad);
        assertTrue(r.statusCode() >= 400, bad + " -> " + r.body());
        seen.add(r.body());
      }
      HttpResponse<String> wrongKey = DefaultConfigTest.chat(g, SECRET, DefaultConfigTest.user("gpt-4o", TEXT));
      assertEquals(401, wrongKey.statusCode());
      seen.add(wrongKey.body());
      seen.add(get(base + "/metrics"));
      seen.add(get(base + "/admin/audit?limit=1000"));
      seen.add(get(base + "/health/ready"));
    } finally {
      g.close();
      otlp.stop(0);
    }
    assertTrue(traces.size() > 0, "traces were exported");
    seen.add(traces.toString(StandardCharsets.ISO_8859_1));
    try (Stream<Path> files = Files.walk(audit)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        seen.add(Files.readString(f, StandardCharsets.ISO_8859_1));
      }
    }
    assertTrue(seen.stream().anyMatch(s -> s.contains("\"type\":\"request\"")), "the audit log was read");
    assertTrue(seen.stream().anyMatch(s -> s.contains("warden_requests_total")), "the metrics were read");
    for (String s : seen) {
      for (String raw : new String[] {EMAIL, CARD, CARD_DIGITS, SECRET, SECRET.substring(4, 20), "ann.lee"}) {
        assertFalse(s.contains(raw), () -> "\"" + raw + "\" leaked into: " + excerpt(s, raw));
      }
    }
  }

  private static String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = DefaultConfigTest.HTTP.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30)).header("authorization", "Bearer wadm-demo").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), url + " " + r.body());
    return r.body();
  }

  private static String excerpt(String s, String raw) {
    int at = s.indexOf(raw);
    return s.substring(Math.max(0, at - 200), Math.min(s.length(), at + 200));
  }
}
