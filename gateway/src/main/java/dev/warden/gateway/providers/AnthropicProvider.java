package dev.warden.gateway.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.chat.OpenAiChat;
import dev.warden.gateway.config.GatewayConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
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
  private final UpstreamHttp.Target messages;
  private final UpstreamHttp http;

  AnthropicProvider(String name, String baseUrl, String apiKey, Map<String, String> headers, UpstreamHttp http) {
    this(name, baseUrl, apiKey, headers, List.of(), http);
  }

  /** @param trust what an https upstream's certificate chain must lead to (empty: the JDK's authorities) */
  AnthropicProvider(String name, String baseUrl, String apiKey, Map<String, String> headers, List<X509Certificate> trust,
      UpstreamHttp http) {
    this.name = name;
    String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    // base URLs written the OpenAI way (ending in /v1) work too
    Map<String, String> ours = new LinkedHashMap<>();
    ours.put("content-type", "application/json");
    ours.put("anthropic-version", VERSION);
    if (!apiKey.isEmpty()) {
      ours.put("x-api-key", apiKey);
    }
    this.messages = http.target((b.endsWith("/v1") ? b.substring(0, b.length() - 3) : b) + "/v1/messages", ours,
        headers, trust);
    this.http = http;
  }

  /** The provider a configuration of type {@code anthropic} describes. */
  public static AnthropicProvider create(GatewayConfig.ProviderConfig c) {
    return new AnthropicProvider(c.name(), c.baseUrl(), c.apiKey(), c.headers(), c.trust(),
        UpstreamHttp.create(Providers.CONNECT_TIMEOUT));
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
    UpstreamAnswer res = post(request, timeout);
    AnthropicStream stream = new AnthropicStream(name, chunks);
    try (res) {
      BufferedReader in = new BufferedReader(new InputStreamReader(res.stream(), StandardCharsets.UTF_8));
      StringBuilder data = new StringBuilder();
      String line;
      while (!stream.finished() && (line = line(in, timeout)) != null) {
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
      res.finishStream();
    }
  }

  /** The next line of a stream; a stall of {@code timeout} or a broken connection is an exception. */
  private String line(BufferedReader in, Duration timeout) throws UpstreamException {
    try {
      return in.readLine();
    } catch (IOException | RuntimeException e) {
      throw UpstreamAnswer.readFailure(e, name, "sent nothing for " + timeout.toMillis() + " ms mid-stream",
          "stream broke");
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

  private UpstreamAnswer post(ObjectNode body, Duration timeout) throws UpstreamException {
    UpstreamAnswer res = http.post(messages, OpenAiProvider.bytes(body), timeout, name);
    int status = res.status();
    if (status / 100 != 2) {
      java.util.Optional<Duration> wait = res.retryAfter();
      throw UpstreamException.ofStatus(status, name + " answered " + status + errorMessage(res, timeout), wait);
    }
    return res;
  }

  /** The message of Anthropic's error body {@code {"type": "error", "error": {"type", "message"}}}. */
  private String errorMessage(UpstreamAnswer res, Duration timeout) {
    try {
      JsonNode err = OpenAiChat.JSON.readTree(res.body(64 * 1024, timeout, name)).path("error");
      String type = err.path("type").asText("");
      String m = err.path("message").asText("");
      m = m.length() > 300 ? m.substring(0, 300) : m;
      return type.isEmpty() && m.isEmpty() ? "" : " (" + type + ")" + (m.isEmpty() ? "" : ": " + m);
    } catch (IOException | UpstreamException | RuntimeException e) {
      return "";
    }
  }

  private JsonNode readJson(UpstreamAnswer res, Duration timeout) throws UpstreamException {
    byte[] bytes = res.body(OpenAiProvider.MAX_RESPONSE_BYTES, timeout, name);
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
