package dev.warden.gateway.testing;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An Anthropic Messages API upstream ({@code POST /v1/messages}) for tests, on a free loopback
 * port. As with {@link MockUpstream}, the model id it is sent picks what it does:
 *
 * <ul>
 *   <li>{@code parrot}: answers with the text of the last user turn;
 *   <li>{@code fixed}: answers with {@link #answer(String)}'s text;
 *   <li>{@code thinking}: a thinking block ({@link #thought(String)}, by default {@link #THOUGHT};
 *       signature {@link #SIGNATURE}), then
 *       the text of the last user turn; its usage also counts 5 tokens written to the cache;
 *   <li>{@code tool}: says "Let me look." then calls the request's first tool (or
 *       {@code lookup}) with {@code {"query": <last user text>}}, stop reason {@code tool_use};
 *   <li>{@code stop}: the answer, ended by the request's first stop sequence;
 *   <li>{@code long}: the answer, stop reason {@code max_tokens};
 *   <li>{@code fail-400}, {@code fail-429}, {@code fail-500}, {@code fail-529}: that status with
 *       an Anthropic error body;
 *   <li>{@code hang}: never answers (until {@link MockUpstream#HANG} passes or the mock closes);
 *   <li>{@code garbage}: 200 with a body that is not JSON;
 *   <li>{@code cut}: streams half the answer, then closes without {@code message_stop};
 *   <li>{@code stall}: streams half the answer, then sends nothing;
 *   <li>{@code overload}: streams half the answer, then an {@code error} event.
 * </ul>
 *
 * Usage is always 10 input tokens, 3 cache-read tokens and one output token per 4 characters.
 * The last request's body and headers are kept for assertions.
 */
public final class AnthropicMockUpstream implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The thinking of model {@code thinking}. */
  public static final String THOUGHT = "The user wants their words back.";
  /** The signature of that thinking. */
  public static final String SIGNATURE = "sig-mock-EqQBCgIYAhIM";

  private final WebServer server;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private volatile String answer = "Hello from the Anthropic mock.";
  private volatile String thought = THOUGHT;
  private volatile int chunkSize = 8;
  private volatile JsonNode lastRequest;
  private volatile io.helidon.http.ServerRequestHeaders lastHeaders;

  private AnthropicMockUpstream() {
    this.server = WebServer.builder().host("127.0.0.1").port(0)
        .routing(r -> r.post("/v1/messages", this::messages))
        .build()
        .start();
  }

  public static AnthropicMockUpstream start() {
    return new AnthropicMockUpstream();
  }

  /** The base URL as Anthropic's is written, without {@code /v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  public AnthropicMockUpstream answer(String text) {
    this.answer = text;
    return this;
  }

  /** What model {@code thinking} thinks. */
  public AnthropicMockUpstream thought(String text) {
    this.thought = text;
    return this;
  }

  public AnthropicMockUpstream chunkSize(int chars) {
    this.chunkSize = Math.max(1, chars);
    return this;
  }

  public int calls(String model) {
    AtomicInteger n = calls.get(model);
    return n == null ? 0 : n.get();
  }

  /** The body of the last request that arrived. */
  public JsonNode lastRequest() {
    return lastRequest;
  }

  public String lastHeader(String name) {
    return lastHeaders == null ? null : lastHeaders.first(HeaderNames.create(name)).orElse(null);
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop();
  }

  private void messages(ServerRequest req, ServerResponse res) throws Exception {
    JsonNode body = JSON.readTree(req.content().as(byte[].class));
    lastRequest = body;
    lastHeaders = req.headers();
    String model = body.path("model").asText();
    calls.computeIfAbsent(model, k -> new AtomicInteger()).incrementAndGet();
    switch (model) {
      case "fail-400", "fail-429", "fail-500", "fail-529" -> error(res, Integer.parseInt(model.substring(5)));
      case "hang" -> {
        pause(MockUpstream.HANG);
        error(res, 500);
      }
      case "garbage" -> {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send("<html>502 Bad Gateway</html>");
      }
      default -> {
        String text = model.equals("parrot") || model.equals("tool") || model.equals("thinking") ? lastUser(body)
            : answer;
        if (body.path("stream").asBoolean(false)) {
          stream(res, model, body, text);
        } else {
          res.header(HeaderNames.CONTENT_TYPE, "application/json");
          res.send(JSON.writeValueAsBytes(message(model, body, text)));
        }
      }
    }
  }

  private ObjectNode message(String model, JsonNode request, String text) {
    ObjectNode m = JSON.createObjectNode().put("id", "msg_mock_1").put("type", "message").put("role", "assistant")
        .put("model", model);
    if (model.equals("thinking")) {
      m.withArray("content").addObject().put("type", "thinking").put("thinking", thought).put("signature", SIGNATURE);
    }
    if (model.equals("tool")) {
      m.withArray("content").addObject().put("type", "text").put("text", "Let me look.");
      ObjectNode use = m.withArray("content").addObject().put("type", "tool_use").put("id", "toolu_mock_1")
          .put("name", toolName(request));
      use.putObject("input").put("query", text);
    } else {
      m.withArray("content").addObject().put("type", "text").put("text", text);
    }
    m.put("stop_reason", stopReason(model));
    if (model.equals("stop")) {
      m.put("stop_sequence", request.path("stop_sequences").path(0).asText());
    } else {
      m.putNull("stop_sequence");
    }
    ObjectNode usage = m.putObject("usage").put("input_tokens", 10).put("cache_read_input_tokens", 3)
        .put("output_tokens", outputTokens(text));
    if (model.equals("thinking")) {
      usage.put("cache_creation_input_tokens", 5);
    }
    return m;
  }

  private void stream(ServerResponse res, String model, JsonNode request, String text) throws IOException {
    res.status(Status.OK_200);
    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
    boolean broken = model.equals("cut") || model.equals("stall") || model.equals("overload");
    int end = broken ? text.length() / 2 : text.length();
    try (OutputStream out = res.outputStream()) {
      ObjectNode start = JSON.createObjectNode().put("type", "message_start");
      ObjectNode m = start.putObject("message").put("id", "msg_mock_1").put("type", "message")
          .put("role", "assistant").put("model", model);
      m.putArray("content");
      m.putNull("stop_reason");
      m.putNull("stop_sequence");
      ObjectNode usage = m.putObject("usage").put("input_tokens", 10).put("cache_read_input_tokens", 3)
          .put("output_tokens", 1);
      if (model.equals("thinking")) {
        usage.put("cache_creation_input_tokens", 5);
      }
      event(out, start);
      event(out, JSON.createObjectNode().put("type", "ping"));
      int at = 0;
      if (model.equals("thinking")) {
        event(out, JSON.createObjectNode().put("type", "content_block_start").put("index", 0)
            .set("content_block", JSON.createObjectNode().put("type", "thinking").put("thinking", "")));
        String thinking = thought;
        for (int i = 0; i < thinking.length(); i += chunkSize) {
          ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
          d.putObject("delta").put("type", "thinking_delta")
              .put("thinking", thinking.substring(i, Math.min(thinking.length(), i + chunkSize)));
          event(out, d);
        }
        ObjectNode sig = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
        sig.putObject("delta").put("type", "signature_delta").put("signature", SIGNATURE);
        event(out, sig);
        event(out, JSON.createObjectNode().put("type", "content_block_stop").put("index", 0));
        at = 1;
      }
      String shown = model.equals("tool") ? "Let me look." : text.substring(0, end);
      event(out, JSON.createObjectNode().put("type", "content_block_start").put("index", at)
          .set("content_block", JSON.createObjectNode().put("type", "text").put("text", "")));
      for (int i = 0; i < shown.length(); i += chunkSize) {
        ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", at);
        d.putObject("delta").put("type", "text_delta").put("text", shown.substring(i, Math.min(shown.length(), i + chunkSize)));
        event(out, d);
      }
      if (model.equals("stall")) {
        pause(MockUpstream.HANG);
        return;
      }
      if (model.equals("cut")) {
        return;
      }
      if (model.equals("overload")) {
        ObjectNode e = JSON.createObjectNode().put("type", "error");
        e.putObject("error").put("type", "overloaded_error").put("message", "Overloaded");
        event(out, e);
        return;
      }
      event(out, JSON.createObjectNode().put("type", "content_block_stop").put("index", at));
      if (model.equals("tool")) {
        ObjectNode s = JSON.createObjectNode().put("type", "content_block_start").put("index", 1);
        s.putObject("content_block").put("type", "tool_use").put("id", "toolu_mock_1").put("name", toolName(request))
            .putObject("input");
        event(out, s);
        String args = JSON.createObjectNode().put("query", text).toString();
        int half = args.length() / 2;
        for (String part : new String[] {args.substring(0, half), args.substring(half)}) {
          ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", 1);
          d.putObject("delta").put("type", "input_json_delta").put("partial_json", part);
          event(out, d);
        }
        event(out, JSON.createObjectNode().put("type", "content_block_stop").put("index", 1));
      }
      ObjectNode md = JSON.createObjectNode().put("type", "message_delta");
      md.putObject("delta").put("stop_reason", stopReason(model))
          .put("stop_sequence", model.equals("stop") ? request.path("stop_sequences").path(0).asText() : null);
      md.putObject("usage").put("output_tokens", outputTokens(text));
      event(out, md);
      event(out, JSON.createObjectNode().put("type", "message_stop"));
    }
  }

  private static String stopReason(String model) {
    return switch (model) {
      case "tool" -> "tool_use";
      case "stop" -> "stop_sequence";
      case "long" -> "max_tokens";
      default -> "end_turn";
    };
  }

  private static int outputTokens(String text) {
    return Math.max(1, text.length() / 4);
  }

  private static String toolName(JsonNode request) {
    return request.path("tools").path(0).path("name").asText("lookup");
  }

  private static void event(OutputStream out, ObjectNode data) throws IOException {
    out.write(("event: " + data.path("type").asText() + "\ndata: " + JSON.writeValueAsString(data) + "\n\n")
        .getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** The text blocks (or string) of the last user turn, tool results left out. */
  private static String lastUser(JsonNode body) {
    String text = "";
    for (JsonNode m : body.path("messages")) {
      if (m.path("role").asText().equals("user")) {
        JsonNode c = m.path("content");
        if (c.isTextual()) {
          text = c.asText();
        } else {
          StringBuilder b = new StringBuilder();
          for (JsonNode block : c) {
            if (block.path("type").asText().equals("text")) {
              b.append(b.isEmpty() ? "" : "\n").append(block.path("text").asText());
            }
          }
          text = b.toString();
        }
      }
    }
    return text;
  }

  private static void error(ServerResponse res, int status) throws IOException {
    String type = switch (status) {
      case 400 -> "invalid_request_error";
      case 429 -> "rate_limit_error";
      case 529 -> "overloaded_error";
      default -> "api_error";
    };
    ObjectNode body = JSON.createObjectNode().put("type", "error");
    body.putObject("error").put("type", type).put("message", "mock failure " + status);
    res.status(Status.create(status));
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(JSON.writeValueAsBytes(body));
  }

  private void pause(Duration d) {
    try {
      closing.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
