package dev.warden.gateway.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * An upstream model API. Bodies and results are in OpenAI's format (Warden's canonical form);
 * a provider with another wire format translates both ways. The body already names the
 * upstream model id, and is the provider's to change: callers build one for each call.
 */
public interface Provider {
  String name();

  /** A chat completion. */
  ObjectNode complete(ObjectNode body, Duration timeout) throws UpstreamException;

  /**
   * A streamed chat completion: each chunk in OpenAI's {@code chat.completion.chunk} format, the
   * last one carrying usage when the upstream reports it. Returns when the stream ends.
   */
  void stream(ObjectNode body, Duration timeout, Consumer<ObjectNode> chunks) throws UpstreamException;

  /** Embeddings. */
  ObjectNode embeddings(ObjectNode body, Duration timeout) throws UpstreamException;
}
