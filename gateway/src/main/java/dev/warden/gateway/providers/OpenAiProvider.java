package dev.warden.gateway.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.chat.OpenAiChat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Any OpenAI-compatible API (OpenAI, Azure OpenAI, Mistral, vLLM, Ollama, ...): the body is
 * sent as it is to {@code base-url/chat/completions} (or {@code /embeddings}) with the
 * configured key and headers; streams are read as server-sent events.
 */
public final class OpenAiProvider implements Provider {
  /** The largest upstream body read; a larger one is treated as garbage. */
  static final int MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

  private final String name;
  private final String baseUrl;
  private final String apiKey;
  private final Map<String, String> headers;
  private final HttpClient http;

  public OpenAiProvider(String name, String baseUrl, String apiKey, Map<String, String> headers, HttpClient http) {
    this.name = name;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.apiKey = apiKey;
    this.headers = Map.copyOf(headers);
    this.http = http;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ObjectNode complete(ObjectNode body, Duration timeout) throws UpstreamException {
    ObjectNode copy = body.deepCopy();
    copy.put("stream", false);
    copy.remove("stream_options");
    return readJson(post("/chat/completions", copy, timeout), timeout);
  }

  @Override
  public ObjectNode embeddings(ObjectNode body, Duration timeout) throws UpstreamException {
    return readJson(post("/embeddings", body, timeout), timeout);
  }

  @Override
  public void stream(ObjectNode body, Duration timeout, Consumer<ObjectNode> chunks) throws UpstreamException {
    ObjectNode copy = body.deepCopy();
    copy.put("stream", true);
    HttpResponse<InputStream> res = post("/chat/completions", copy, timeout);
    IdleWatch watch = new IdleWatch(res.body(), timeout);
    try (watch; BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
      String line;
      boolean done = false;
      while ((line = in.readLine()) != null) {
        watch.touch();
        if (!line.startsWith("data:")) {
          continue;
        }
        String data = line.substring(5).strip();
        if (data.equals("[DONE]")) {
          done = true;
          break;
        }
        JsonNode chunk;
        try {
          chunk = OpenAiChat.JSON.readTree(data);
        } catch (IOException e) {
          throw UpstreamException.ofStatus(502, name + " sent a stream chunk that is not JSON");
        }
        if (chunk.has("error")) {
          throw UpstreamException.ofStatus(502, name + " reported an error mid-stream: "
              + chunk.path("error").path("message").asText("unknown"));
        }
        if (chunk.isObject()) {
          chunks.accept((ObjectNode) chunk);
        }
      }
      if (!done) {
        throw UpstreamException.network(name + " ended the stream before [DONE]");
      }
    } catch (IOException e) {
      if (watch.fired()) {
        throw UpstreamException.timedOut(name + " sent nothing for " + timeout.toMillis() + " ms mid-stream");
      }
      throw UpstreamException.network(name, "stream broke", e);
    }
  }

  private HttpResponse<InputStream> post(String path, ObjectNode body, Duration timeout) throws UpstreamException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
    if (!apiKey.isEmpty()) {
      b.header("authorization", "Bearer " + apiKey);
    }
    headers.forEach(b::header);
    HttpResponse<InputStream> res = UpstreamHttp.send(http, b.build(), name, timeout);
    if (res.statusCode() / 100 != 2) {
      String message = errorMessage(res, timeout);
      throw UpstreamException.ofStatus(res.statusCode(), name + " answered " + res.statusCode() + message);
    }
    return res;
  }

  private String errorMessage(HttpResponse<InputStream> res, Duration timeout) {
    try {
      JsonNode err = OpenAiChat.JSON.readTree(UpstreamHttp.body(res, 64 * 1024, timeout, name));
      String m = err.path("error").path("message").asText("");
      return m.isEmpty() ? "" : ": " + (m.length() > 300 ? m.substring(0, 300) : m);
    } catch (IOException | UpstreamException | RuntimeException e) {
      return "";
    }
  }

  private ObjectNode readJson(HttpResponse<InputStream> res, Duration timeout) throws UpstreamException {
    try {
      byte[] bytes = UpstreamHttp.body(res, MAX_RESPONSE_BYTES, timeout, name);
      if (bytes.length > MAX_RESPONSE_BYTES) {
        throw UpstreamException.ofStatus(502, name + " answered with more than " + MAX_RESPONSE_BYTES + " bytes");
      }
      JsonNode n = OpenAiChat.JSON.readTree(bytes);
      if (n == null || !n.isObject()) {
        throw UpstreamException.ofStatus(502, name + " answered with something that is not a JSON object");
      }
      return (ObjectNode) n;
    } catch (JsonProcessingException e) {
      throw UpstreamException.ofStatus(502, name + " answered with a body that is not JSON");
    } catch (IOException e) {
      throw UpstreamException.network(name, "answer broke off", e);
    }
  }

  static byte[] bytes(ObjectNode body) {
    try {
      return OpenAiChat.JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
