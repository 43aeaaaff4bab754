package dev.warden.gateway.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.chat.OpenAiChat;
import dev.warden.gateway.config.GatewayConfig;
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
 * Anthropic's Messages API ({@code base-url/v1/messages}, {@code x-api-key},
 * {@code anthropic-version: 2023-06-01}; configured headers such as {@code anthropic-beta} are
 * added and may override the version). Bodies are translated by {@link AnthropicWire}, streams
 * by {@link AnthropicStream}. 429 and 5xx, Anthropic's 529 "overloaded" among them, may be
 * retried; other 4xx may not. Anthropic has no embeddings.
 */
public final class AnthropicProvider implements Provider {
  static final String VERSION = "2023-06-01";

  private final String name;
  private final String baseUrl;
  private final String apiKey;
  private final Map<String, String> headers;
  private final HttpClient http;

  public AnthropicProvider(String name, String baseUrl, String apiKey, Map<String, String> headers, HttpClient http) {
    this.name = name;
    String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    // base URLs written the OpenAI way (ending in /v1) work too
    this.baseUrl = b.endsWith("/v1") ? b.substring(0, b.length() - 3) : b;
    this.apiKey = apiKey;
    this.headers = Map.copyOf(headers);
    this.http = http;
  }

  /** The provider a configuration of type {@code anthropic} describes. */
  public static AnthropicProvider create(GatewayConfig.ProviderConfig c) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    return new AnthropicProvider(c.name(), c.baseUrl(), c.apiKey(), c.headers(), http);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ObjectNode complete(ObjectNode body, Duration timeout) throws UpstreamException {
    ObjectNode request = AnthropicWire.request(body);
    return AnthropicWire.completion(readJson(post(request, timeout), timeout), name);
  }

  @Override
  public void stream(ObjectNode body, Duration timeout, Consumer<ObjectNode> chunks) throws UpstreamException {
    ObjectNode request = AnthropicWire.request(body);
    request.put("stream", true);
    HttpResponse<InputStream> res = post(request, timeout);
    AnthropicStream stream = new AnthropicStream(name, chunks);
    IdleWatch watch = new IdleWatch(res.body(), timeout);
    try (watch; BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
      StringBuilder data = new StringBuilder();
      String line;
      while (!stream.finished() && (line = in.readLine()) != null) {
        watch.touch();
        if (line.isEmpty()) {
          dispatch(stream, data);
        } else if (line.startsWith("data:")) {
          data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).strip());
        }
        // "event:" repeats the data's type; comments and other fields are skipped
      }
      dispatch(stream, data);
      if (!stream.finished()) {
        throw UpstreamException.network(name + " ended the stream before message_stop");
      }
    } catch (IOException e) {
      if (watch.fired()) {
        throw UpstreamException.timedOut(name + " sent nothing for " + timeout.toMillis() + " ms mid-stream");
      }
      throw UpstreamException.network(name, "stream broke", e);
    }
  }

  private void dispatch(AnthropicStream stream, StringBuilder data) throws UpstreamException {
    if (data.isEmpty()) {
      return;
    }
    JsonNode event;
    try {
      event = OpenAiChat.JSON.readTree(data.toString());
    } catch (IOException e) {
      throw UpstreamException.ofStatus(502, name + " sent a stream event that is not JSON");
    }
    data.setLength(0);
    if (event == null || !event.isObject()) {
      throw UpstreamException.ofStatus(502, name + " sent a stream event that is not a JSON object");
    }
    stream.event(event);
  }

  @Override
  public ObjectNode embeddings(ObjectNode body, Duration timeout) throws UpstreamException {
    throw UpstreamException.ofStatus(400, name + " is an Anthropic provider, and Anthropic has no embeddings API;"
        + " route embeddings to a model of an OpenAI-compatible provider");
  }

  private HttpResponse<InputStream> post(ObjectNode body, Duration timeout) throws UpstreamException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/messages")).timeout(timeout)
        .header("content-type", "application/json")
        .header("anthropic-version", VERSION)
        .POST(HttpRequest.BodyPublishers.ofByteArray(OpenAiProvider.bytes(body)));
    if (!apiKey.isEmpty()) {
      b.header("x-api-key", apiKey);
    }
    headers.forEach(b::setHeader);
    HttpResponse<InputStream> res = UpstreamHttp.send(http, b.build(), name, timeout);
    if (res.statusCode() / 100 != 2) {
      throw UpstreamException.ofStatus(res.statusCode(), name + " answered " + res.statusCode() + errorMessage(res, timeout));
    }
    return res;
  }

  /** The message of Anthropic's error body {@code {"type": "error", "error": {"type", "message"}}}. */
  private String errorMessage(HttpResponse<InputStream> res, Duration timeout) {
    try {
      JsonNode err = OpenAiChat.JSON.readTree(UpstreamHttp.body(res, 64 * 1024, timeout, name)).path("error");
      String type = err.path("type").asText("");
      String m = err.path("message").asText("");
      m = m.length() > 300 ? m.substring(0, 300) : m;
      return type.isEmpty() && m.isEmpty() ? "" : " (" + type + ")" + (m.isEmpty() ? "" : ": " + m);
    } catch (IOException | UpstreamException | RuntimeException e) {
      return "";
    }
  }

  private JsonNode readJson(HttpResponse<InputStream> res, Duration timeout) throws UpstreamException {
    byte[] bytes;
    try {
      bytes = UpstreamHttp.body(res, OpenAiProvider.MAX_RESPONSE_BYTES, timeout, name);
    } catch (IOException e) {
      throw UpstreamException.network(name, "answer broke off", e);
    }
    if (bytes.length > OpenAiProvider.MAX_RESPONSE_BYTES) {
      throw UpstreamException.ofStatus(502, name + " answered with a body larger than "
          + OpenAiProvider.MAX_RESPONSE_BYTES + " bytes");
    }
    JsonNode n;
    try {
      n = OpenAiChat.JSON.readTree(bytes);
    } catch (IOException e) {
      throw UpstreamException.ofStatus(502, name + " answered with a body that is not JSON");
    }
    if (n == null || !n.isObject()) {
      throw UpstreamException.ofStatus(502, name + " answered with something that is not a JSON object");
    }
    return n;
  }

}
