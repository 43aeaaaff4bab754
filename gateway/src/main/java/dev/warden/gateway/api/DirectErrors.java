package dev.warden.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.chat.OpenAiChat;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * Answers what the server refuses before any route sees it (a malformed request line, a bad
 * percent-encoding in the query, a header that cannot be read) in OpenAI's error format, as
 * every other error, instead of the server's plain default. The server's own message is not
 * repeated: it may quote the request.
 */
public final class DirectErrors implements DirectHandler {
  private DirectErrors() {}

  /** The handlers for every event the server answers on its own. */
  public static void register(DirectHandlers.Builder handlers) {
    DirectErrors h = new DirectErrors();
    for (EventType t : EventType.values()) {
      handlers.addHandler(t, h);
    }
  }

  @Override
  public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
      ServerResponseHeaders responseHeaders, String message) {
    int code = defaultStatus.code();
    String text = switch (eventType) {
      case BAD_REQUEST -> "The request could not be read: its request line, query string or headers are malformed"
          + " or too large (the headers may hold 16 KB in all; a % must start a valid percent-encoding).";
      case PAYLOAD_TOO_LARGE -> "The request is larger than this server accepts.";
      case HTTP_VERSION_NOT_SUPPORTED -> "This HTTP version is not supported; use HTTP/1.1.";
      case FORBIDDEN -> "This request is not allowed.";
      default -> code >= 500 ? "The gateway failed to handle this request." : "The request could not be handled.";
    };
    String type = code >= 500 ? "server_error" : "invalid_request_error";
    ObjectNode body = OpenAiChat.JSON.createObjectNode();
    ObjectNode err = body.putObject("error");
    err.put("message", text);
    err.put("type", type);
    err.put("code", eventType.name().toLowerCase(java.util.Locale.ROOT));
    err.putNull("param");
    byte[] bytes;
    try {
      bytes = OpenAiChat.JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    responseHeaders.set(HeaderNames.CONTENT_TYPE, "application/json");
    return TransportResponse.builder().status(defaultStatus).headers(responseHeaders)
        .keepAlive(eventType.keepAlive()).entity(bytes).build();
  }
}
