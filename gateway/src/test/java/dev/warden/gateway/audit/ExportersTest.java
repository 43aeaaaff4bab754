package dev.warden.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.warden.gateway.audit.export.Exporter;
import dev.warden.gateway.audit.export.HecExporter;
import dev.warden.gateway.audit.export.SyslogExporter;
import dev.warden.gateway.config.Observability;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SIEM exporters against loopback receivers: Splunk HEC batches with the token, retried
 * through an outage; RFC 5424 syslog over TCP with octet counting, reconnecting; a dead
 * receiver fills a bounded backlog and drops its oldest, counted, while the writer never waits.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExportersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  /** Real written records: an audit log's own output, as an exporter receives it. */
  private List<Written> written(int n) throws Exception {
    List<Written> out = Collections.synchronizedList(new ArrayList<>());
    AuditLog log = AuditLog.open(AuditFixtures.config(dir, Observability.Durability.ASYNC),
        new AuditContent(new dev.warden.engine.redact.Redactor(AuditFixtures.KEY), true), Clock.systemUTC(),
        List.of(out::add));
    for (int i = 0; i < n; i++) {
      log.commit(AuditFixtures.record("req_exp_" + i, i % 5 == 4 ? 502 : i % 3 == 0 ? 403 : 200));
    }
    log.close();
    assertEquals(n, out.size());
    return List.copyOf(out);
  }

  private static void await(BooleanSupplier done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  private static Observability.Hec hec(URI url, int batch, int backlog) {
    return new Observability.Hec(url, "hec-token", "main", "warden:audit", batch, Duration.ofMillis(100), backlog,
        Duration.ofSeconds(2));
  }

  @Test
  void hecBatchesWithTheTokenAndRetriesThroughAnOutage() throws Exception {
    List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    List<String> auth = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    HttpServer hec = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hec.createContext("/services/collector/event", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      auth.add(ex.getRequestHeaders().getFirst("authorization"));
      int status = calls.incrementAndGet() <= 2 ? 503 : 200;
      if (status == 200) {
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
          accepted.add(JSON.readTree(line));
        }
      }
      byte[] answer = (status == 200 ? "{\"text\":\"Success\",\"code\":0}" : "{\"text\":\"busy\",\"code\":9}")
          .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, answer.length);
      ex.getResponseBody().write(answer);
      ex.close();
    });
    hec.start();
    List<Written> records = written(25);
    HecExporter e = new HecExporter(hec(URI.create("http://127.0.0.1:" + hec.getAddress().getPort()
        + "/services/collector/event"), 10, 100), "gw-1");
    try {
      records.forEach(e);
      await(() -> e.sent() == 25, "25 records sent");
      assertEquals(25, accepted.size());
      assertTrue(e.failures() >= 2, "the two 503s were retried");
      assertEquals(0, e.dropped());
      for (int i = 0; i < 25; i++) {
        JsonNode ev = accepted.get(i);
        assertEquals(records.get(i).seq(), ev.path("event").path("seq").asLong(), "in order");
        assertEquals("warden:audit", ev.path("sourcetype").asText());
        assertEquals("main", ev.path("index").asText());
        assertEquals("gw-1", ev.path("host").asText());
        assertTrue(ev.path("time").asDouble() > 1.7e9);
        String hash = ev.path("event").path("hash").asText();
        assertEquals(64, hash.length(), "the event is the record with its hash");
        assertEquals(hash, Chain.expectedHash((ObjectNode) ev.path("event")), "and it verifies as sent");
      }
      assertTrue(auth.stream().allMatch("Splunk hec-token"::equals), auth.toString());
    } finally {
      e.close();
      hec.stop(0);
    }
  }

  @Test
  void aDeadReceiverDropsTheOldestPastTheBacklogAndNeverBlocks() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      dead = s.getLocalPort();
    }
    List<Written> records = written(60);
    HecExporter e = new HecExporter(hec(URI.create("http://127.0.0.1:" + dead + "/services/collector/event"), 5, 10),
        "gw-1");
    try {
      long t0 = System.nanoTime();
      records.forEach(e);
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "handing over never waits for the receiver");
      await(() -> e.failures() > 0, "a failed attempt");
      assertTrue(e.backlog() <= 10, "backlog bounded: " + e.backlog());
      assertTrue(e.dropped() >= 45, "dropped " + e.dropped());
      assertEquals(0, e.sent());
    } finally {
      e.close(Duration.ZERO);
    }
  }

  @Test
  void aBatchTheReceiverRefusesIsDroppedAndCounted() throws Exception {
    HttpServer hec = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hec.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(400, -1);
      ex.close();
    });
    hec.start();
    HecExporter e = new HecExporter(hec(URI.create("http://127.0.0.1:" + hec.getAddress().getPort() + "/"), 10, 100),
        "gw-1");
    try {
      written(4).forEach(e);
      await(() -> e.rejected() == 4, "4 rejected");
      assertEquals(0, e.sent());
      assertTrue(e.lastError().contains("HTTP 400"), e.lastError());
    } finally {
      e.close();
      hec.stop(0);
    }
  }

  private static final Pattern RFC5424 = Pattern.compile("<(\\d{1,3})>1 (\\S+) (\\S+) warden (\\d+) audit "
      + "\\[warden@32473 seq=\"(\\d+)\" id=\"([^\"]+)\" outcome=\"(\\w+)\" status=\"(\\d+)\"\\] \uFEFF(\\{.*\\})");

  /** Reads octet-counted frames ("<length> <message>") until {@code n} arrived or the peer closes. */
  private static List<String> frames(Socket s, int n) throws IOException {
    List<String> out = new ArrayList<>();
    DataInputStream in = new DataInputStream(s.getInputStream());
    while (out.size() < n) {
      StringBuilder len = new StringBuilder();
      int c;
      while ((c = in.read()) != ' ') {
        if (c < 0) {
          return out;
        }
        assertTrue(c >= '0' && c <= '9', "a frame starts with its length");
        len.append((char) c);
      }
      byte[] msg = new byte[Integer.parseInt(len.toString())];
      in.readFully(msg);
      out.add(new String(msg, StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void syslogSendsRfc5424FramedByOctetCountingAndReconnects() throws Exception {
    List<Written> records = written(12);
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout(20_000);
      SyslogExporter e = new SyslogExporter(new Observability.Syslog("127.0.0.1", server.getLocalPort(), 13, "warden",
          100), "gw-1");
      try {
        records.subList(0, 6).forEach(e);
        List<String> first;
        try (Socket s = server.accept()) {
          s.setSoTimeout(20_000);
          first = frames(s, 6);
        }
        Thread.sleep(100);
        // the receiver went away; the next records go over a new connection
        records.subList(6, 12).forEach(e);
        List<String> second;
        try (Socket s = server.accept()) {
          s.setSoTimeout(20_000);
          second = frames(s, 6);
        }
        List<String> all = new ArrayList<>(first);
        second.stream().filter(m -> !all.contains(m)).forEach(all::add);
        assertTrue(all.size() >= 12, "every record arrived (one may arrive twice after a reconnect): " + all.size());
        for (String m : all) {
          Matcher x = RFC5424.matcher(m);
          assertTrue(x.matches(), m);
          ObjectNode rec = (ObjectNode) JSON.readTree(x.group(9));
          assertEquals(Chain.expectedHash(rec), rec.path("hash").asText(), "the line as written: it verifies");
          int severity = Integer.parseInt(x.group(1)) - 13 * 8;
          assertEquals(rec.path("outcome").asText().equals("failed") ? 3 : 6, severity, m);
          assertEquals(rec.path("id").asText(), x.group(6));
          assertEquals(rec.path("seq").asText(), x.group(5));
          assertEquals("gw-1", x.group(3));
        }
      } finally {
        e.close();
      }
    }
  }

  @Test
  void exportersStartWithoutAReceiverAndSayWhy() throws Exception {
    Exporter e = new SyslogExporter(new Observability.Syslog("127.0.0.1", 9, 13, "warden", 5), "gw-1");
    try {
      written(3).forEach(e);
      await(() -> e.failures() > 0, "a failed connect");
      assertTrue(!e.lastError().isEmpty());
      assertEquals(3, e.backlog(), "kept until the receiver is back");
      assertEquals(0, e.dropped());
    } finally {
      e.close(Duration.ZERO);
    }
  }
}
