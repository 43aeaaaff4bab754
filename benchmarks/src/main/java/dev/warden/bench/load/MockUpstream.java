package dev.warden.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The upstream of the gateway load benchmark ({@code scripts/loadbench}): an OpenAI-compatible
 * {@code POST /v1/chat/completions}, non-streaming or streamed as server-sent events, that waits
 * a fixed latency and answers a fixed text. It does as little as it can per request (answers
 * are serialized once per model id) so that on a shared machine it is not the bottleneck; the
 * benchmark measures it directly to show that.
 *
 * <p>Error modes: {@code --fail-rate} answers that share of requests with {@code --fail-status}
 * and an OpenAI error body; a request for the model {@code fail-NNN} always gets status NNN.
 * {@code GET /stats} counts requests and failures; {@code GET /health} answers 200.
 */
public final class MockUpstream {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_CACHED = 64;

  private final Options options;
  private final Map<String, byte[]> completions = new ConcurrentHashMap<>();
  private final Map<String, byte[]> streams = new ConcurrentHashMap<>();
  private final LongAdder requests = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder streamed = new LongAdder();

  /** The command line, checked. */
  record Options(String host, int port, long latencyMs, double failRate, int failStatus, int chunks, String answer,
      Path portFile) {
    Options {
      if (latencyMs < 0 || failRate < 0 || failRate > 1 || failStatus < 400 || failStatus > 599 || chunks < 1) {
        throw new IllegalArgumentException("latency >= 0, 0 <= fail-rate <= 1, 400 <= fail-status <= 599, chunks >= 1");
      }
    }

    static Options parse(String... args) {
      String host = "127.0.0.1";
      int port = 0;
      long latency = 0;
      double failRate = 0;
      int failStatus = 500;
      int chunks = 8;
      String answer = "Here is a short summary of the ticket: the customer was charged twice for the same order "
          + "and asks for a refund of the second payment. Suggested reply: apologise, confirm the refund and "
          + "give the expected date.";
      Path portFile = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("-h") || a.equals("--help")) {
          throw new IllegalArgumentException("");
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--host" -> host = v;
          case "--port" -> port = Integer.parseInt(v);
          case "--latency-ms" -> latency = Long.parseLong(v);
          case "--fail-rate" -> failRate = Double.parseDouble(v);
          case "--fail-status" -> failStatus = Integer.parseInt(v);
          case "--chunks" -> chunks = Integer.parseInt(v);
          case "--answer" -> answer = v;
          case "--port-file" -> portFile = Path.of(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      return new Options(host, port, latency, failRate, failStatus, chunks, answer, portFile);
    }
  }

  MockUpstream(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      PrintStream err = System.err;
      if (!e.getMessage().isEmpty()) {
        err.println("mock-upstream: " + e.getMessage());
      }
      err.println("usage: MockUpstream [--host 127.0.0.1] [--port 0] [--latency-ms 0] [--fail-rate 0.0]"
          + " [--fail-status 500] [--chunks 8] [--answer TEXT] [--port-file PATH]");
      System.exit(2);
      return;
    }
    java.util.logging.Logger.getLogger("io.helidon").setLevel(java.util.logging.Level.WARNING);
    MockUpstream mock = new MockUpstream(o);
    WebServer server = mock.start();
    String base = "http://" + o.host() + ":" + server.port() + "/v1";
    if (o.portFile() != null) {
      Files.writeString(o.portFile(), Integer.toString(server.port()));
    }
    System.out.println("mock upstream listening on " + base + " (latency " + o.latencyMs() + " ms, fail rate "
        + o.failRate() + " with " + o.failStatus() + ", " + o.chunks() + " chunks per stream)");
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      stopped.countDown();
    }));
    stopped.await();
  }

  WebServer start() {
    return WebServer.builder()
        .host(options.host())
        .port(options.port())
        .routing(r -> r.post("/v1/chat/completions", this::chat)
            .get("/health", (req, res) -> res.send("ok"))
            .get("/stats", this::stats))
        .build()
        .start();
  }

  private void chat(ServerRequest req, ServerResponse res) throws Exception {
    requests.increment();
    JsonNode body = JSON.readTree(req.content().inputStream());
    String model = body.path("model").asText("mock");
    if (options.latencyMs() > 0) {
      Thread.sleep(options.latencyMs());
    }
    if (model.startsWith("fail-") && model.length() == 8) {
      error(res, Integer.parseInt(model.substring(5)));
      return;
    }
    if (options.failRate() > 0 && ThreadLocalRandom.current().nextDouble() < options.failRate()) {
      error(res, options.failStatus());
      return;
    }
    if (body.path("stream").asBoolean(false)) {
      streamed.increment();
      res.status(Status.OK_200);
      res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
      res.header(HeaderNames.CACHE_CONTROL, "no-cache");
      byte[] events = cached(streams, model, () -> events(model));
      try (OutputStream out = res.outputStream()) {
        out.write(events);
      }
      return;
    }
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(cached(completions, model, () -> completion(model)));
  }

  private static byte[] cached(Map<String, byte[]> cache, String model, java.util.function.Supplier<byte[]> make) {
    byte[] b = cache.get(model);
    if (b == null) {
      b = make.get();
      if (cache.size() < MAX_CACHED) {
        cache.putIfAbsent(model, b);
      }
    }
    return b;
  }

  private void stats(ServerRequest req, ServerResponse res) {
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send("{\"requests\":" + requests.sum() + ",\"failures\":" + failures.sum() + ",\"streamed\":"
        + streamed.sum() + "}");
  }

  private void error(ServerResponse res, int status) throws IOException {
    failures.increment();
    res.status(Status.create(status));
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    ObjectNode err = JSON.createObjectNode();
    err.putObject("error").put("message", "mock upstream failure " + status).put("type", "server_error")
        .putNull("param").putNull("code");
    res.send(JSON.writeValueAsBytes(err));
  }

  byte[] completion(String model) {
    ObjectNode c = head(model, "chat.completion");
    ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", options.answer());
    choice.put("finish_reason", "stop");
    c.set("usage", usage());
    return bytes(c);
  }

  /** The whole stream: the answer in {@code chunks} content events, a finish event, usage, [DONE]. */
  byte[] events(String model) {
    StringBuilder out = new StringBuilder();
    String text = options.answer();
    int n = Math.min(options.chunks(), Math.max(1, text.length()));
    int size = (text.length() + n - 1) / n;
    for (int i = 0; i < text.length(); i += size) {
      ObjectNode chunk = head(model, "chat.completion.chunk");
      ObjectNode delta = chunk.putArray("choices").addObject().put("index", 0).putObject("delta");
      if (i == 0) {
        delta.put("role", "assistant");
      }
      delta.put("content", text.substring(i, Math.min(text.length(), i + size)));
      event(out, chunk);
    }
    ObjectNode last = head(model, "chat.completion.chunk");
    last.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("delta");
    event(out, last);
    ObjectNode usage = head(model, "chat.completion.chunk");
    usage.putArray("choices");
    usage.set("usage", usage());
    event(out, usage);
    out.append("data: [DONE]\n\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void event(StringBuilder out, ObjectNode chunk) {
    out.append("data: ").append(new String(bytes(chunk), StandardCharsets.UTF_8)).append("\n\n");
  }

  private static ObjectNode head(String model, String object) {
    return JSON.createObjectNode().put("id", "chatcmpl-loadbench").put("object", object)
        .put("created", 1_700_000_000L).put("model", model);
  }

  private ObjectNode usage() {
    int completion = Math.max(1, options.answer().length() / 4);
    return JSON.createObjectNode().put("prompt_tokens", 250).put("completion_tokens", completion)
        .put("total_tokens", 250 + completion);
  }

  private static byte[] bytes(ObjectNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
