package dev.warden.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.chat.OpenAiChat;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reading requests and writing JSON answers and errors, the same way on every endpoint. */
public final class Http {
  public static final HeaderName REQUEST_ID = HeaderNames.create("x-warden-request-id");
  public static final HeaderName MODEL = HeaderNames.create("x-warden-model");
  public static final HeaderName WARNING = HeaderNames.create("x-warden-warning");
  public static final HeaderName REVISION = HeaderNames.create("x-warden-revision");
  public static final HeaderName API_KEY = HeaderNames.create("x-api-key");
  private static final String TAG_HEADER = "x-warden-tag-";
  private static final String JSON_TYPE = "application/json";
  /** One JSON document and nothing after it: {@code {...} garbage} is not a request. */
  private static final com.fasterxml.jackson.databind.ObjectReader BODY = OpenAiChat.JSON.reader()
      .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Http() {}

  /**
   * 96 random bits: unique enough to correlate logs, and guessing one gains nothing, so not a
   * {@code SecureRandom} (NativePRNG reads /dev/urandom under a lock on every call).
   */
  public static String newRequestId() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    HexFormat hex = HexFormat.of();
    return "req_" + hex.toHexDigits(r.nextLong()) + hex.toHexDigits(r.nextInt());
  }

  /**
   * The JSON body: application/json in UTF-8 only (415 otherwise), at most {@code max} bytes (413), valid
   * UTF-8 (400) and valid JSON (400).
   */
  public static JsonNode json(ServerRequest req, long max) {
    String type = req.headers().contentType().map(t -> t.mediaType().text()).orElse("");
    if (!type.regionMatches(true, 0, JSON_TYPE, 0, JSON_TYPE.length())) {
      throw ApiError.unsupportedMediaType();
    }
    Optional<String> charset = req.headers().contentType().flatMap(t -> t.charset());
    if (charset.isPresent() && !charset.get().equalsIgnoreCase("utf-8") && !charset.get().equalsIgnoreCase("utf8")) {
      throw ApiError.unsupportedCharset(ChatEndpoint.ascii(charset.get()));
    }
    long declared = req.headers().contentLength().orElse(-1);
    if (declared > max) {
      throw ApiError.tooLarge(max);
    }
    byte[] bytes;
    try (InputStream in = req.content().inputStream()) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
    } catch (IOException | RuntimeException e) {
      throw ApiError.badRequest("The request body could not be read.");
    }
    if (bytes.length > max) {
      throw ApiError.tooLarge(max);
    }
    if (!validUtf8(bytes)) {
      throw ApiError.badRequest("The request body is not valid UTF-8.");
    }
    try {
      JsonNode n = BODY.readTree(bytes);
      if (n == null) {
        throw ApiError.badRequest("The request body is empty.");
      }
      return n;
    } catch (JsonProcessingException e) {
      // the parser's own message quotes the text it choked on, which may be a value the policy
      // would redact: say where, not what
      com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
      throw ApiError.badRequest("The request body is not valid JSON" + (at == null ? "."
          : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")."));
    } catch (IOException e) {
      throw ApiError.badRequest("The request body could not be read.");
    }
  }

  /** Whether the bytes are UTF-8; ASCII (most bodies) is checked without decoding them into a copy. */
  public static boolean validUtf8(byte[] bytes) {
    int i = 0;
    while (i < bytes.length && bytes[i] >= 0) {
      i++;
    }
    if (i == bytes.length) {
      return true;
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes, i, bytes.length - i));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** Caller metadata from {@code x-warden-tag-<k>} headers. */
  public static Map<String, String> tagHeaders(ServerRequest req) {
    Map<String, String> tags = new LinkedHashMap<>();
    req.headers().forEach(h -> {
      // Helidon keeps every header name's lower-case form: no copy per header and request
      String name = h.headerName().lowerCase();
      if (name.startsWith(TAG_HEADER) && name.length() > TAG_HEADER.length()) {
        tags.put(name.substring(TAG_HEADER.length()), h.get());
      }
    });
    return tags;
  }

  public static Optional<String> header(ServerRequest req, HeaderName name) {
    return req.headers().first(name);
  }

  /** A JSON body already written (an upstream's answer passed on). */
  public static void send(ServerResponse res, int status, byte[] json) {
    res.status(Status.create(status));
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(json);
  }

  public static void send(ServerResponse res, int status, JsonNode body) {
    res.status(Status.create(status));
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    try {
      res.send(OpenAiChat.JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An error in OpenAI's format; never a stack trace. */
  public static void error(ServerResponse res, ApiError e) {
    ObjectNode body = OpenAiChat.JSON.createObjectNode();
    ObjectNode err = body.putObject("error");
    err.put("message", e.getMessage());
    err.put("type", e.type());
    err.put("code", e.code());
    err.putNull("param");
    e.retryAfter().ifPresent(r -> res.header(HeaderNames.RETRY_AFTER, r));
    e.headers().forEach(res::header);
    send(res, e.status(), body);
  }
}
