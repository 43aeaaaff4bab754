package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.audit.Recorder;
import dev.warden.gateway.audit.RequestRecord;
import dev.warden.gateway.auth.VirtualKeys;
import dev.warden.gateway.chat.ChatRequest;
import dev.warden.gateway.chat.OpenAiChat;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.pipeline.ChatPipeline;
import dev.warden.gateway.pipeline.Served;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** {@code POST /v1/chat/completions}, OpenAI-compatible, streaming or not. */
public final class ChatEndpoint {
  private final VirtualKeys keys;
  private final ChatPipeline pipeline;
  private final long maxBody;
  private final Recorder recorder;

  public ChatEndpoint(VirtualKeys keys, ChatPipeline pipeline, long maxBody, Recorder recorder) {
    this.keys = keys;
    this.pipeline = pipeline;
    this.maxBody = maxBody;
    this.recorder = recorder;
  }

  public void handle(ServerRequest req, ServerResponse res, RequestRecord record) {
    record.endpoint("chat");
    GatewayConfig.KeyConfig key = Auth.caller(keys, req);
    record.caller(key);
    ChatRequest request = OpenAiChat.parse(Http.json(req, maxBody), Http.tagHeaders(req));
    if (request.stream()) {
      pipeline.stream(key, request, "chat", new RecordedSink(new OpenAiSseSink(res), recorder, record), record);
      return;
    }
    Served served = pipeline.complete(key, request, "chat", record);
    recorder.commit(record);
    headers(res, served.model(), served.warnings(), served.revision());
    served.headers().forEach(res::header);
    Http.send(res, 200, served.json());
  }

  static void headers(ServerResponse res, String model, List<String> warnings, String revision) {
    res.header(Http.MODEL, model);
    res.header(Http.REVISION, revision);
    for (String w : warnings) {
      res.header(Http.WARNING, ascii(w));
    }
  }

  /** Header values are ASCII: other characters become '?', line breaks spaces. */
  static String ascii(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length() && b.length() < 1000; i++) {
      char c = s.charAt(i);
      b.append(c == '\n' || c == '\r' || c == '\t' ? ' ' : c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }

  /**
   * A warning that arrives once a stream's headers are sent: an SSE comment line, which event
   * stream parsers (the official SDKs' included) skip, as {@code : x-warden-warning <text>}.
   */
  static String warningComment(String message) {
    return ": " + Http.WARNING.lowerCase() + " " + ascii(message) + "\n\n";
  }

  /** Server-sent events in OpenAI's format: {@code data: {chunk}} lines, then {@code data: [DONE]}. */
  static final class OpenAiSseSink extends SseSink {
    OpenAiSseSink(ServerResponse res) {
      super(res);
    }

    @Override
    public void chunk(ObjectNode chunk) {
      try {
        send("data: " + OpenAiChat.JSON.writeValueAsString(chunk) + "\n\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void error(ApiError error) {
      ObjectNode body = OpenAiChat.JSON.createObjectNode();
      ObjectNode err = body.putObject("error");
      err.put("message", error.getMessage());
      err.put("type", error.type());
      err.put("code", error.code());
      chunk(body);
    }

    @Override
    public void end() {
      finish("data: [DONE]\n\n");
    }
  }
}
