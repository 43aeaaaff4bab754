package dev.warden.gateway.api;

import dev.warden.gateway.audit.Recorder;
import dev.warden.gateway.audit.RequestRecord;
import dev.warden.gateway.auth.VirtualKeys;
import dev.warden.gateway.chat.AnthropicMessages;
import dev.warden.gateway.chat.AnthropicReplies;
import dev.warden.gateway.chat.ChatRequest;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.pipeline.ChatPipeline;
import dev.warden.gateway.pipeline.Served;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /v1/messages}, Anthropic-compatible, streaming or not: the request is translated
 * to the canonical chat request and goes through the same pipeline as chat completions (the
 * rules see endpoint "messages"); the answer and errors are translated back. Authenticates with
 * {@code x-api-key} or {@code Authorization: Bearer}; {@code anthropic-version} and
 * {@code anthropic-beta} are accepted and ignored.
 */
public final class MessagesEndpoint {
  /** The endpoint name the rules see ({@code request.endpoint}). */
  static final String ENDPOINT = AnthropicMessages.ENDPOINT;

  private final VirtualKeys keys;
  private final ChatPipeline pipeline;
  private final long maxBody;
  private final Recorder recorder;

  public MessagesEndpoint(VirtualKeys keys, ChatPipeline pipeline, long maxBody, Recorder recorder) {
    this.keys = keys;
    this.pipeline = pipeline;
    this.maxBody = maxBody;
    this.recorder = recorder;
  }

  public void handle(ServerRequest req, ServerResponse res, RequestRecord record) {
    record.endpoint(ENDPOINT);
    GatewayConfig.KeyConfig key = Auth.caller(keys, req);
    record.caller(key);
    ChatRequest request = AnthropicMessages.parse(Http.json(req, maxBody), Http.tagHeaders(req));
    if (request.stream()) {
      pipeline.stream(key, request, ENDPOINT, new RecordedSink(new AnthropicSseSink(res, request.model()), recorder,
          record), record);
      return;
    }
    Served served = pipeline.complete(key, request, ENDPOINT, record);
    recorder.commit(record);
    ChatEndpoint.headers(res, served.model(), served.warnings(), served.revision());
    served.headers().forEach(res::header);
    Http.send(res, 200, AnthropicReplies.message(served.body(), served.model()));
  }

  /** An error in Anthropic's format, with the status and Retry-After the OpenAI endpoint would send. */
  static void error(ServerResponse res, ApiError e) {
    e.retryAfter().ifPresent(r -> res.header(HeaderNames.RETRY_AFTER, r));
    e.headers().forEach(res::header);
    Http.send(res, e.status(), AnthropicReplies.error(e));
  }
}
