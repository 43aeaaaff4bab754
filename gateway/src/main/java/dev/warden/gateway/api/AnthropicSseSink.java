package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.chat.AnthropicEvents;
import dev.warden.gateway.chat.OpenAiChat;
import dev.warden.gateway.pipeline.StreamGuard;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Server-sent events in Anthropic's format ({@code event: <type>} then {@code data: {json}}):
 * the checked stream's OpenAI-format chunks translated by {@link AnthropicEvents}.
 */
final class AnthropicSseSink implements StreamGuard.Sink {
  private final ServerResponse res;
  private final AnthropicEvents events;
  private OutputStream out;

  AnthropicSseSink(ServerResponse res, String model) {
    this.res = res;
    this.events = new AnthropicEvents(model);
  }

  @Override
  public void headers(java.util.Map<String, String> headers) {
    headers.forEach(res::header);
  }

  @Override
  public void start(String model, List<String> warnings, String revision) {
    res.status(Status.OK_200);
    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
    res.header(HeaderNames.CACHE_CONTROL, "no-cache");
    ChatEndpoint.headers(res, model, warnings, revision);
    out = res.outputStream();
  }

  @Override
  public void warning(String message) {
    try {
      out.write(ChatEndpoint.warningComment(message).getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void chunk(ObjectNode chunk) {
    write(events.chunk(chunk));
  }

  @Override
  public void error(ApiError error) {
    write(events.error(error));
  }

  @Override
  public void end() {
    write(events.end());
    try {
      out.close();
    } catch (IOException ignored) {
      // the caller went away
    }
  }

  private void write(List<AnthropicEvents.Event> list) {
    if (list.isEmpty()) {
      return;
    }
    StringBuilder b = new StringBuilder();
    try {
      for (AnthropicEvents.Event e : list) {
        b.append("event: ").append(e.name()).append("\ndata: ")
            .append(OpenAiChat.JSON.writeValueAsString(e.data())).append("\n\n");
      }
      out.write(b.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
