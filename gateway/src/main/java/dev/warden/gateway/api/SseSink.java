package dev.warden.gateway.api;

import dev.warden.gateway.pipeline.StreamGuard;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A checked stream sent to the caller as server-sent events: the response's status and headers
 * when the stream starts, late warnings as SSE comments, and each event written and flushed as
 * it is released. Subclasses give the wire format of chunks, errors and the end.
 */
abstract class SseSink implements StreamGuard.Sink {
  private final ServerResponse res;
  private OutputStream out;

  SseSink(ServerResponse res) {
    this.res = res;
  }

  @Override
  public final void headers(Map<String, String> headers) {
    headers.forEach(res::header);
  }

  @Override
  public final void start(String model, List<String> warnings, String revision) {
    res.status(Status.OK_200);
    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
    res.header(HeaderNames.CACHE_CONTROL, "no-cache");
    ChatEndpoint.headers(res, model, warnings, revision);
    out = res.outputStream();
  }

  @Override
  public final void warning(String message) {
    send(ChatEndpoint.warningComment(message));
  }

  /** Writes and flushes events; nothing when {@code events} is empty. */
  final void send(String events) {
    if (events.isEmpty()) {
      return;
    }
    try {
      out.write(events.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the last events and closes the stream. */
  final void finish(String events) {
    send(events);
    try {
      out.close();
    } catch (IOException ignored) {
      // the caller went away
    }
  }
}
