package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.chat.AnthropicEvents;
import dev.warden.gateway.chat.OpenAiChat;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Server-sent events in Anthropic's format ({@code event: <type>} then {@code data: {json}}):
 * the checked stream's OpenAI-format chunks translated by {@link AnthropicEvents}.
 */
final class AnthropicSseSink extends SseSink {
  private final AnthropicEvents events;

  AnthropicSseSink(ServerResponse res, String model) {
    super(res);
    this.events = new AnthropicEvents(model);
  }

  @Override
  public void chunk(ObjectNode chunk) {
    send(format(events.chunk(chunk)));
  }

  @Override
  public void error(ApiError error) {
    send(format(events.error(error)));
  }

  @Override
  public void end() {
    finish(format(events.end()));
  }

  private static String format(List<AnthropicEvents.Event> list) {
    StringBuilder b = new StringBuilder();
    try {
      for (AnthropicEvents.Event e : list) {
        b.append("event: ").append(e.name()).append("\ndata: ")
            .append(OpenAiChat.JSON.writeValueAsString(e.data())).append("\n\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toString();
  }
}
