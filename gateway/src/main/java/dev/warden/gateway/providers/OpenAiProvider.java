package dev.warden.gateway.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.chat.OpenAiChat;
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
 * Any OpenAI-compatible API (OpenAI, Azure OpenAI, Mistral, vLLM, Ollama, ...): the body is
 * sent as it is to {@code base-url/chat/completions} (or {@code /embeddings}) with the
 * configured key and headers (which may replace the content type or authorization); streams are
 * read as server-sent events.
 */
public final class OpenAiProvider implements Provider {
  /** The largest upstream body read; a larger one is treated as garbage. */
  static final int MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

  private final String name;
  private final UpstreamHttp.Target chat;
  private final UpstreamHttp.Target embeddings;
  private final UpstreamHttp http;

  OpenAiProvider(String name, String baseUrl, String apiKey, Map<String, String> headers, UpstreamHttp http) {
    this(name, baseUrl, apiKey, headers, List.of(), http);
  }

  /** @param trust what an https upstream's certificate chain must lead to (empty: the JDK's authorities) */
  OpenAiProvider(String name, String baseUrl, String apiKey, Map<String, String> headers, List<X509Certificate> trust,
      UpstreamHttp http) {
    this.name = name;
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    Map<String, String> ours = new LinkedHashMap<>();
    ours.put("content-type", "application/json");
    if (!apiKey.isEmpty()) {
      ours.put("authorization", "Bearer " + apiKey);
    }
    this.chat = http.target(base + "/chat/completions", ours, headers, trust);
    this.embeddings = http.target(base + "/embeddings", ours, headers, trust);
    this.http = http;
  }

  @Override
  public String name() {
    return name;
  }

  /** {@inheritDoc} The body is changed: it is the caller's copy for this call. */
  @Override
  public ObjectNode complete(ObjectNode body, Duration timeout) throws UpstreamException {
    body.put("stream", false);
    body.remove("stream_options");
    return readJson(post(chat, body, timeout), timeout);
  }

  @Override
  public ObjectNode embeddings(ObjectNode body, Duration timeout) throws UpstreamException {
    return readJson(post(embeddings, body, timeout), timeout);
  }

  /** {@inheritDoc} The body is changed: it is the caller's copy for this call. */
  @Override
  public void stream(ObjectNode body, Duration timeout, Consumer<ObjectNode> chunks) throws UpstreamException {
    body.put("stream", true);
    UpstreamAnswer res = post(chat, body, timeout);
    try (res) {
      BufferedReader in = new BufferedReader(new InputStreamReader(res.stream(), StandardCharsets.UTF_8));
      String line;
      boolean done = false;
      while ((line = line(in, timeout)) != null) {
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

  private UpstreamAnswer post(UpstreamHttp.Target to, ObjectNode body, Duration timeout)
      throws UpstreamException {
    UpstreamAnswer res = http.post(to, bytes(body), timeout, name);
    int status = res.status();
    if (status / 100 != 2) {
      String message = errorMessage(res, timeout);
      throw UpstreamException.ofStatus(status, name + " answered " + status + message, res.retryAfter());
    }
    return res;
  }

  private String errorMessage(UpstreamAnswer res, Duration timeout) {
    try {
      JsonNode err = OpenAiChat.JSON.readTree(res.body(64 * 1024, timeout, name));
      String m = err.path("error").path("message").asText("");
      return m.isEmpty() ? "" : ": " + (m.length() > 300 ? m.substring(0, 300) : m);
    } catch (IOException | UpstreamException | RuntimeException e) {
      return "";
    }
  }

  private ObjectNode readJson(UpstreamAnswer res, Duration timeout) throws UpstreamException {
    return parseObject(readBytes(res, timeout), name);
  }

  /**
   * {@inheritDoc} The answer is kept as the upstream wrote it where it can be passed on
   * ({@link UpstreamReply}).
   */
  @Override
  public UpstreamReply completeReply(ObjectNode body, Duration timeout) throws UpstreamException {
    body.put("stream", false);
    body.remove("stream_options");
    return UpstreamReply.of(readBytes(post(chat, body, timeout), timeout), name);
  }

  private byte[] readBytes(UpstreamAnswer res, Duration timeout) throws UpstreamException {
    byte[] bytes = res.body(MAX_RESPONSE_BYTES, timeout, name);
    if (bytes.length > MAX_RESPONSE_BYTES) {
      throw UpstreamException.ofStatus(502, name + " answered with more than " + MAX_RESPONSE_BYTES + " bytes");
    }
    return bytes;
  }

  /** An upstream's body as a JSON object; anything else is the upstream's error (502). */
  static ObjectNode parseObject(byte[] bytes, String provider) throws UpstreamException {
    try {
      JsonNode n = OpenAiChat.JSON.readTree(bytes);
      if (n == null || !n.isObject()) {
        throw UpstreamException.ofStatus(502, provider + " answered with something that is not a JSON object");
      }
      return (ObjectNode) n;
    } catch (JsonProcessingException e) {
      throw UpstreamException.ofStatus(502, provider + " answered with a body that is not JSON");
    } catch (IOException e) {
      throw UpstreamException.ofStatus(502, provider + " answered with a body that could not be read");
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
