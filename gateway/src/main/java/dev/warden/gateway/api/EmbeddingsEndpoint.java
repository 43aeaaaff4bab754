package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.eval.ChatMessage;
import dev.warden.gateway.audit.Recorder;
import dev.warden.gateway.audit.RequestRecord;
import dev.warden.gateway.auth.VirtualKeys;
import dev.warden.gateway.chat.ChatRequest;
import dev.warden.gateway.chat.OpenAiChat;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.pipeline.ChatPipeline;
import dev.warden.gateway.providers.Upstreams;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code POST /v1/embeddings}: each input is a message the request rules see (endpoint
 * "embeddings"), so blocks, redaction and routing apply to what is embedded too.
 */
public final class EmbeddingsEndpoint {
  private final VirtualKeys keys;
  private final ChatPipeline pipeline;
  private final Upstreams upstreams;
  private final long maxBody;
  private final Recorder recorder;

  public EmbeddingsEndpoint(VirtualKeys keys, ChatPipeline pipeline, Upstreams upstreams, long maxBody,
      Recorder recorder) {
    this.keys = keys;
    this.pipeline = pipeline;
    this.upstreams = upstreams;
    this.maxBody = maxBody;
    this.recorder = recorder;
  }

  public void handle(ServerRequest req, ServerResponse res, RequestRecord record) {
    record.endpoint("embeddings");
    GatewayConfig.KeyConfig key = Auth.caller(keys, req);
    record.caller(key);
    JsonNode root = Http.json(req, maxBody);
    if (!root.isObject() || !root.path("model").isTextual()) {
      throw ApiError.badRequest("\"model\" is required and must be a string.");
    }
    JsonNode input = root.path("input");
    List<ChatMessage> messages = new ArrayList<>();
    if (input.isTextual()) {
      messages.add(new ChatMessage("user", input.asText()));
    } else if (input.isArray() && !input.isEmpty() && input.get(0).isTextual()) {
      for (JsonNode x : input) {
        if (!x.isTextual()) {
          throw ApiError.badRequest("\"input\" must be a string or an array of strings.");
        }
        messages.add(new ChatMessage("user", x.asText()));
      }
    } else {
      throw ApiError.badRequest("\"input\" must be a string or an array of strings (token arrays are not accepted:"
          + " the policy needs text).");
    }
    ObjectNode body = (ObjectNode) root;
    ChatRequest as = new ChatRequest(body, body.path("model").asText(), messages,
        messages.stream().<ChatRequest.Place>map(m -> new ChatRequest.Content(0, List.of())).toList(), false, false, OptionalInt.empty(),
        Http.tagHeaders(req));
    ChatPipeline.Admitted admitted = pipeline.admit(key, as, "embeddings", record);
    List<ChatMessage> redacted = admitted.evaluation().redactedMessages();
    long t0 = System.nanoTime();
    Upstreams.Served<ObjectNode> served;
    try {
      served = upstreams.embeddings(admitted.candidates(), m -> {
        ObjectNode up = body.deepCopy();
        up.put("model", m.upstream());
        if (input.isTextual()) {
          up.put("input", redacted.getFirst().content());
        } else {
          ArrayNode arr = up.putArray("input");
          redacted.forEach(r -> arr.add(r.content()));
        }
        up.remove("metadata");
        return up;
      }, record::attempt);
    } catch (RuntimeException e) {
      admitted.limits().release();
      throw e;
    } finally {
      record.upstreamTime(System.nanoTime() - t0);
    }
    ObjectNode out = served.value();
    admitted.limits().settle(out.path("usage").path("total_tokens").asLong(
        (long) admitted.evaluation().facts().getPrompt().getTokens()));
    out.put("model", served.model());
    record.served(served.model(), null, false);
    record.usage(out.path("usage"));
    record.warnings(admitted.warnings());
    recorder.commit(record);
    ChatEndpoint.headers(res, served.model(), admitted.warnings(), admitted.evaluation().snapshot().revision());
    admitted.limits().headers().forEach(res::header);
    Http.send(res, 200, out);
  }
}
