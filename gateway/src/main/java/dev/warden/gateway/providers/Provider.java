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
   * A chat completion for a caller who gets it unchanged but for its model: a provider that
   * passes on what the upstream wrote says so ({@link UpstreamReply#passedOn()}); by default the
   * answer is the tree {@link #complete} gives.
   */
  default UpstreamReply completeReply(ObjectNode body, Duration timeout) throws UpstreamException {
    return UpstreamReply.of(complete(body, timeout));
  }

  /**
   * A streamed chat completion: each chunk in OpenAI's {@code chat.completion.chunk} format, the
   * last one carrying usage when the upstream reports it. Returns when the stream ends.
   */
  void stream(ObjectNode body, Duration timeout, Consumer<ObjectNode> chunks) throws UpstreamException;

  /** Embeddings. */
  ObjectNode embeddings(ObjectNode body, Duration timeout) throws UpstreamException;
}
