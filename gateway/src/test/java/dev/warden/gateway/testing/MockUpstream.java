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
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible upstream for tests and the load benchmark, on a free loopback port. What
 * it does is chosen by the model id it is sent, so one mock serves every scenario:
 *
 * <ul>
 *   <li>{@code parrot}: answers with the last user message (what the model received);
 *   <li>{@code fixed}: answers with {@link #answer(String)}'s text;
 *   <li>{@code tool}: calls the first tool of the request, with arguments {@code {"city":"Paris"}} or
 *       those set by {@link #toolArguments(String)} (streamed in {@link #chunkSize} pieces);
 *   <li>{@code fail-500}, {@code fail-429}, {@code fail-400}: that status with an OpenAI error body;
 *   <li>{@code hang}: accepts the request and never answers (until {@link #HANG} passes);
 *   <li>{@code reset}: no such model here: {@link #resetBaseUrl()} is a second port whose every
 *       connection is reset (TCP RST) once the request has arrived;
 *   <li>{@code garbage}: 200 with a body that is not JSON;
 *   <li>{@code cut}: streams half the answer, then closes without {@code [DONE]};
 *   <li>{@code stall}: streams half the answer, then sends nothing (until {@link #HANG} passes);
 *   <li>{@code refusal}: streams {@link #answer(String)}'s text as a refusal ({@code delta.refusal});
 *   <li>{@code legacy-function}: streams a legacy {@code function_call} with the {@code tool} arguments.
 * </ul>
 *
 * Non-streamed {@code parrot} and {@code fixed} answers have {@code n} choices when asked, and
 * logprobs when asked or {@link #sendLogprobs(boolean) told to}. Streams are split into
 * {@link #chunkSize} characters per event; every answer waits {@code latency} first. Calls are
 * counted per model id, and the last body received is kept ({@link #received(String)}).
 */
public final class MockUpstream implements AutoCloseable {
  /** How long {@code hang} and {@code stall} wait: longer than any timeout a test sets. */
  public static final Duration HANG = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebServer server;
  private final ServerSocket resetting;
  private final Duration latency;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private volatile String answer = "Hello from the mock upstream.";
  private volatile int chunkSize = 8;
  private volatile String toolArguments = "{\"city\":\"Paris\"}";
  private volatile boolean sendLogprobs;
  private volatile boolean sendUsage = true;
  private volatile int cachedTokens;
  private final Map<String, JsonNode> received = new ConcurrentHashMap<>();

  private MockUpstream(Duration latency, int port) {
    this.latency = latency;
    this.server = WebServer.builder()
        .host("127.0.0.1")
        .port(port)
        .routing(r -> r.post("/v1/chat/completions", this::chat).post("/v1/embeddings", this::embeddings))
        .build()
        .start();
    try {
      this.resetting = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      server.stop();
      throw new UncheckedIOException(e);
    }
    Thread.ofPlatform().daemon().name("mock-upstream-reset").start(this::resetLoop);
  }

  /** A mock on a free port that answers at once. */
  public static MockUpstream start() {
    return new MockUpstream(Duration.ZERO, 0);
  }

  /** A mock on {@code port} (0: any free one) that waits {@code latency} before each answer. */
  public static MockUpstream start(Duration latency, int port) {
    return new MockUpstream(latency, port);
  }

  /** The OpenAI-style base URL, e.g. {@code http://127.0.0.1:40123/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.port() + "/v1";
  }

  /** A base URL whose connections are all reset. */
  public String resetBaseUrl() {
    return "http://127.0.0.1:" + resetting.getLocalPort() + "/v1";
  }

  public int port() {
    return server.port();
  }

  /** The text {@code fixed} answers with. */
  public MockUpstream answer(String text) {
    this.answer = text;
    return this;
  }

  /**
   * The arguments {@code tool} calls with: JSON text in which {@code {{user}}} stands for the last
   * user message it received (escaped as in a JSON string).
   */
  public MockUpstream toolArguments(String template) {
    this.toolArguments = template;
    return this;
  }

  /** Whether non-streamed answers carry logprobs even when not asked for. */
  public MockUpstream sendLogprobs(boolean always) {
    this.sendLogprobs = always;
    return this;
  }

  /**
   * Whether answers carry usage (default true: 10 prompt tokens, a completion token per 4
   * characters); false: none, as some OpenAI-compatible servers do in streams.
   */
  public MockUpstream sendUsage(boolean send) {
    this.sendUsage = send;
    return this;
  }

  /** Prompt tokens the usage reports as read from the provider's cache ({@code prompt_tokens_details.cached_tokens}). */
  public MockUpstream cachedTokens(int n) {
    this.cachedTokens = n;
    return this;
  }

  /** The last body received for this model id (null: none). */
  public JsonNode received(String model) {
    return received.get(model);
  }

  public MockUpstream chunkSize(int chars) {
    this.chunkSize = Math.max(1, chars);
    return this;
  }

  /** How many calls reached the mock for this model id. */
  public int calls(String model) {
    AtomicInteger n = calls.get(model);
    return n == null ? 0 : n.get();
  }

  @Override
  public void close() {
    try {
      resetting.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    server.stop();
  }

  private void chat(ServerRequest req, ServerResponse res) throws Exception {
    JsonNode body = JSON.readTree(req.content().as(byte[].class));
    String model = body.path("model").asText();
    calls.computeIfAbsent(model, k -> new AtomicInteger()).incrementAndGet();
    received.put(model, body);
    pause(latency);
    switch (model) {
      case "fail-500", "fail-429", "fail-400" -> error(res, Integer.parseInt(model.substring(5)));
      case "hang" -> {
        pause(HANG);
        error(res, 500);
      }
      case "tool" -> tool(res, body);
      case "refusal", "legacy-function" -> legacy(res, model, body);
      case "garbage" -> {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send("<html>502 Bad Gateway</html>");
      }
      default -> {
        String text = model.equals("parrot") ? lastUser(body) : answer;
        if (body.path("stream").asBoolean(false)) {
          stream(res, model, text, body.path("stream_options").path("include_usage").asBoolean(false));
        } else if (model.equals("stall")) {
          // the status and half the body, then nothing: a timeout on the headers does not see it
          byte[] json = JSON.writeValueAsBytes(completion(model, text));
          res.header(HeaderNames.CONTENT_TYPE, "application/json");
          res.contentLength(json.length);
          try (OutputStream out = res.outputStream()) {
            out.write(json, 0, json.length / 2);
            out.flush();
            pause(HANG);
          }
        } else {
          res.header(HeaderNames.CONTENT_TYPE, "application/json");
          res.send(JSON.writeValueAsBytes(answers(model, text, body)));
        }
      }
    }
  }

  private void stream(ServerResponse res, String model, String text, boolean usage) throws IOException {
    res.status(Status.OK_200);
    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
    boolean broken = model.equals("cut") || model.equals("stall");
    int end = broken ? text.length() / 2 : text.length();
    try (OutputStream out = res.outputStream()) {
      for (int i = 0; i < end; i += chunkSize) {
        ObjectNode chunk = chunk(model);
        ObjectNode delta = chunk.withArray("choices").addObject().put("index", 0).putObject("delta");
        if (i == 0) {
          delta.put("role", "assistant");
        }
        delta.put("content", text.substring(i, Math.min(end, i + chunkSize)));
        event(out, JSON.writeValueAsString(chunk));
      }
      if (model.equals("stall")) {
        pause(HANG);
        return;
      }
      if (broken) {
        return;
      }
      ObjectNode last = chunk(model);
      last.withArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("delta");
      event(out, JSON.writeValueAsString(last));
      if (usage && sendUsage) {
        ObjectNode u = chunk(model);
        u.set("usage", withCached(usage(text)));
        event(out, JSON.writeValueAsString(u));
      }
      event(out, "[DONE]");
    }
  }

  /** A tool call to the request's first tool, streamed or not. */
  private void tool(ServerResponse res, JsonNode body) throws IOException {
    String name = body.path("tools").path(0).path("function").path("name").asText("none");
    ObjectNode call = JSON.createObjectNode().put("id", "call_1").put("type", "function");
    String user = JSON.writeValueAsString(lastUser(body));
    String arguments = toolArguments.replace("{{user}}", user.substring(1, user.length() - 1));
    call.putObject("function").put("name", name).put("arguments", arguments);
    if (!body.path("stream").asBoolean(false)) {
      ObjectNode c = completion("tool", "");
      ObjectNode choice = (ObjectNode) c.path("choices").path(0);
      choice.put("finish_reason", "tool_calls");
      ((ObjectNode) choice.path("message")).putNull("content").putArray("tool_calls").add(call);
      res.header(HeaderNames.CONTENT_TYPE, "application/json");
      res.send(JSON.writeValueAsBytes(c));
      return;
    }
    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
    try (OutputStream out = res.outputStream()) {
      ObjectNode first = chunk("tool");
      ObjectNode delta = first.withArray("choices").addObject().put("index", 0).putObject("delta");
      ((ObjectNode) call.path("function")).put("arguments", "");
      delta.put("role", "assistant").putArray("tool_calls").add(call.put("index", 0));
      event(out, JSON.writeValueAsString(first));
      for (int i = 0; i < arguments.length(); i += chunkSize) {
        ObjectNode part = chunk("tool");
        part.withArray("choices").addObject().put("index", 0).putObject("delta").putArray("tool_calls").addObject()
            .put("index", 0).putObject("function").put("arguments",
                arguments.substring(i, Math.min(arguments.length(), i + chunkSize)));
        event(out, JSON.writeValueAsString(part));
      }
      ObjectNode last = chunk("tool");
      last.withArray("choices").addObject().put("index", 0).put("finish_reason", "tool_calls").putObject("delta");
      event(out, JSON.writeValueAsString(last));
      event(out, "[DONE]");
    }
  }

  /** A streamed refusal, or a legacy function call, in {@link #chunkSize} pieces. */
  private void legacy(ServerResponse res, String model, JsonNode body) throws IOException {
    boolean refusal = model.equals("refusal");
    String user = JSON.writeValueAsString(lastUser(body));
    String text = refusal ? answer : toolArguments.replace("{{user}}", user.substring(1, user.length() - 1));
    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
    try (OutputStream out = res.outputStream()) {
      for (int i = 0; i < text.length(); i += chunkSize) {
        ObjectNode part = chunk(model);
        ObjectNode delta = part.withArray("choices").addObject().put("index", 0).putObject("delta");
        String piece = text.substring(i, Math.min(text.length(), i + chunkSize));
        if (refusal) {
          delta.put("refusal", piece);
        } else {
          ObjectNode f = delta.putObject("function_call").put("arguments", piece);
          if (i == 0) {
            f.put("name", "send_mail");
          }
        }
        event(out, JSON.writeValueAsString(part));
      }
      ObjectNode last = chunk(model);
      last.withArray("choices").addObject().put("index", 0).put("finish_reason", refusal ? "stop" : "function_call")
          .putObject("delta");
      event(out, JSON.writeValueAsString(last));
      event(out, "[DONE]");
    }
  }

  private static void event(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void embeddings(ServerRequest req, ServerResponse res) throws Exception {
    JsonNode body = JSON.readTree(req.content().as(byte[].class));
    calls.computeIfAbsent(body.path("model").asText(), k -> new AtomicInteger()).incrementAndGet();
    pause(latency);
    ObjectNode out = JSON.createObjectNode().put("object", "list").put("model", body.path("model").asText());
    JsonNode input = body.path("input");
    int i = 0;
    for (JsonNode x : input.isArray() ? input : JSON.createArrayNode().add(input)) {
      out.withArray("data").addObject().put("object", "embedding").put("index", i++)
          .putArray("embedding").add(x.asText().length()).add(0.5);
    }
    out.putObject("usage").put("prompt_tokens", i).put("total_tokens", i);
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(JSON.writeValueAsBytes(out));
  }

  /** A completion with {@code n} choices, and logprobs when asked or told to. */
  private ObjectNode answers(String model, String text, JsonNode body) {
    ObjectNode c = completion(model, text);
    if (sendUsage) {
      withCached((ObjectNode) c.get("usage"));
    } else {
      c.remove("usage");
    }
    var choices = c.withArray("choices");
    for (int i = 1; i < body.path("n").asInt(1); i++) {
      choices.add(((ObjectNode) choices.get(0).deepCopy()).put("index", i));
    }
    if (sendLogprobs || body.path("logprobs").asBoolean(false)) {
      for (JsonNode choice : choices) {
        ObjectNode token = ((ObjectNode) choice).putObject("logprobs").putArray("content").addObject()
            .put("token", text).put("logprob", -0.1);
        var bytes = token.putArray("bytes");
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
          bytes.add(b & 0xff);
        }
      }
    }
    return c;
  }

  private static ObjectNode completion(String model, String text) {
    ObjectNode c = JSON.createObjectNode().put("id", "chatcmpl-mock").put("object", "chat.completion")
        .put("created", 1_700_000_000L).put("model", model);
    ObjectNode choice = c.withArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", text);
    c.set("usage", usage(text));
    return c;
  }

  private ObjectNode withCached(ObjectNode usage) {
    if (cachedTokens > 0) {
      usage.putObject("prompt_tokens_details").put("cached_tokens", cachedTokens);
    }
    return usage;
  }

  private static ObjectNode chunk(String model) {
    return JSON.createObjectNode().put("id", "chatcmpl-mock").put("object", "chat.completion.chunk")
        .put("created", 1_700_000_000L).put("model", model);
  }

  private static ObjectNode usage(String text) {
    int completion = Math.max(1, text.length() / 4);
    return JSON.createObjectNode().put("prompt_tokens", 10).put("completion_tokens", completion)
        .put("total_tokens", 10 + completion);
  }

  private static String lastUser(JsonNode body) {
    String text = "";
    for (JsonNode m : body.path("messages")) {
      if (m.path("role").asText().equals("user")) {
        JsonNode c = m.path("content");
        text = c.isTextual() ? c.asText() : c.toString();
      }
    }
    return text;
  }

  private static void error(ServerResponse res, int status) throws IOException {
    res.status(Status.create(status));
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(JSON.writeValueAsBytes(JSON.createObjectNode().set("error", JSON.createObjectNode()
        .put("message", "mock failure " + status).put("type", "server_error"))));
  }

  /** Accepts connections, reads what arrives for a moment, then resets them (SO_LINGER 0). */
  private void resetLoop() {
    while (!resetting.isClosed()) {
      try {
        Socket s = resetting.accept();
        s.setSoTimeout(200);
        try {
          s.getInputStream().read(new byte[8192]);
        } catch (IOException ignored) {
          // read what came; the reset follows anyway
        }
        s.setSoLinger(true, 0);
        s.close();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pause(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
