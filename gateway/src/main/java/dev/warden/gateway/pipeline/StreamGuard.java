package dev.warden.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.detect.Detection;
import dev.warden.engine.eval.Decision;
import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.eval.ResponseEvaluation;
import dev.warden.engine.eval.ResponseInput;
import dev.warden.engine.text.TokenCounter;
import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.chat.OpenAiChat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BiFunction;

/**
 * Checks a streamed answer before any of it reaches the caller. Upstream text is held back by
 * {@link #HOLD} characters; every {@link #STEP} characters the response rules run on everything
 * received so far, and the text up to the hold-back boundary is released, redacted and with
 * pseudonyms restored. The boundary never cuts an entity the detectors found in the full text
 * nor a pseudonym token, so an entity spanning chunks is redacted whole; a rule that blocks
 * stops the stream with an error event. The caller still sees a progressive stream. Usage is
 * always sent at the end when asked for: the provider's, or counted here.
 */
public final class StreamGuard {
  /** Characters held back: longer than any entity or pseudonym token that could span a boundary. */
  static final int HOLD = 96;
  /** Characters between two checks. */
  static final int STEP = 128;

  /** Where the checked stream goes (an SSE connection), in OpenAI's chunk format. */
  public interface Sink {
    /** Called once, before the first chunk: headers can still be set. */
    void start(List<String> warnings, String revision);

    void chunk(ObjectNode chunk);

    /** An error after the stream started, then the end. */
    void error(ApiError error);

    void end();
  }

  /** The stream was stopped by a rule; the sink has been told. */
  static final class Stopped extends RuntimeException {
    Stopped() {
      super(null, null, false, false);
    }
  }

  private final BiFunction<RequestEvaluation, ResponseInput, ResponseEvaluation> check;
  private final RequestEvaluation request;
  private final boolean includeUsage;
  private final TokenCounter tokens;
  private final Sink out;
  private final boolean checks;
  private final StringBuilder raw = new StringBuilder();
  private int released;
  private int emitted;
  private int lastCheck;
  private String id = "chatcmpl-warden";
  private String model = "";
  private String finishReason = "stop";
  private JsonNode usage;
  private boolean started;
  private boolean roleSent;

  /** @param check the response rules on an answer so far (ChatPipeline's, which knows fail open or closed) */
  StreamGuard(BiFunction<RequestEvaluation, ResponseInput, ResponseEvaluation> check, RequestEvaluation request,
      boolean includeUsage, TokenCounter tokens, Sink out) {
    this.check = check;
    this.request = request;
    this.includeUsage = includeUsage;
    this.tokens = tokens;
    this.out = out;
    this.checks = ChatPipeline.checksAnswers(request.snapshot()) || !request.pseudonyms().isEmpty();
  }

  void servedBy(String catalogName) {
    model = catalogName;
  }

  /** One upstream chunk. */
  void onChunk(ObjectNode chunk) {
    id = chunk.path("id").asText(id);
    if (chunk.has("usage") && !chunk.get("usage").isNull()) {
      usage = chunk.get("usage");
    }
    JsonNode choice = chunk.path("choices").path(0);
    if (choice.isMissingNode()) {
      return;
    }
    JsonNode delta = choice.path("delta");
    String fr = choice.path("finish_reason").asText("");
    if (!fr.isEmpty() && !fr.equals("null")) {
      finishReason = fr;
    }
    String text = delta.path("content").isTextual() ? delta.path("content").asText() : "";
    boolean other = delta.has("tool_calls") || delta.has("function_call") || delta.has("refusal");
    if (!checks) {
      if (!text.isEmpty() || other) {
        forward(chunk);
      }
      raw.append(text);
      return;
    }
    if (!text.isEmpty()) {
      raw.append(text);
      if (raw.length() - lastCheck >= STEP && raw.length() > HOLD) {
        release(raw.length() - HOLD, false);
      }
    }
    if (other) {
      release(raw.length(), false);
      ObjectNode copy = chunk.deepCopy();
      ((ObjectNode) copy.path("choices").path(0).path("delta")).remove("content");
      forward(copy);
    }
  }

  /** The upstream finished: release the rest, then the finish reason and usage. */
  void finish(String servedModel) {
    model = servedModel;
    if (checks) {
      release(raw.length(), true);
    }
    ensureStarted();
    ObjectNode last = chunk();
    ObjectNode choice = last.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("delta");
    choice.put("finish_reason", finishReason);
    out.chunk(last);
    if (includeUsage) {
      ObjectNode u = chunk();
      u.putArray("choices");
      u.set("usage", usage != null ? usage : counted());
      out.chunk(u);
    }
    out.end();
  }

  void fail(ApiError e) {
    if (!started) {
      throw e;
    }
    out.error(e);
    out.end();
  }

  /** Checks everything received and releases the text before {@code target}. */
  private void release(int target, boolean last) {
    lastCheck = raw.length();
    String all = raw.toString();
    ResponseEvaluation full = evaluate(all);
    Decision d = full.decision();
    if (d.block().isPresent()) {
      Decision.Block b = d.block().get();
      ApiError error = ApiError.policy(b.status(), b.rule(), b.message());
      if (!started) {
        throw error;
      }
      out.error(error);
      out.end();
      throw new Stopped();
    }
    int boundary = last ? all.length() : safeBoundary(all, target, full.detections());
    if (boundary <= released) {
      return;
    }
    String visible = last ? full.toCaller() : evaluate(all.substring(0, boundary)).toCaller();
    released = boundary;
    if (visible.length() > emitted) {
      String delta = visible.substring(emitted);
      emitted = visible.length();
      ensureStarted();
      ObjectNode c = chunk();
      ObjectNode choice = c.putArray("choices").addObject();
      choice.put("index", 0);
      ObjectNode dl = choice.putObject("delta");
      if (!roleSent) {
        dl.put("role", "assistant");
        roleSent = true;
      }
      dl.put("content", delta);
      choice.putNull("finish_reason");
      out.chunk(c);
    }
  }

  /**
   * The boundary moved back before any detected entity (at any score) and any pseudonym token
   * it would cut, and off a surrogate pair.
   */
  static int safeBoundary(String text, int target, List<Detection> detections) {
    int b = Math.max(0, Math.min(target, text.length()));
    boolean moved = true;
    while (moved) {
      moved = false;
      for (Detection d : detections) {
        if (d.start() < b && d.end() > b) {
          b = d.start();
          moved = true;
        }
      }
      int open = text.lastIndexOf('<', b - 1);
      if (open >= 0 && b - open < 40 && text.indexOf('>', open) >= b) {
        b = open;
        moved = true;
      }
    }
    if (b > 0 && b < text.length() && Character.isLowSurrogate(text.charAt(b))) {
      b--;
    }
    return b;
  }

  private ResponseEvaluation evaluate(String text) {
    try {
      return check.apply(request, new ResponseInput(text, finishReason, model, OptionalInt.empty(), Map.of()));
    } catch (ApiError error) {
      if (!started) {
        throw error;
      }
      out.error(error);
      out.end();
      throw new Stopped();
    }
  }

  private void forward(ObjectNode chunk) {
    ensureStarted();
    chunk.put("model", model);
    out.chunk(chunk);
  }

  private void ensureStarted() {
    if (!started) {
      started = true;
      out.start(request.decision().warnings().stream().map(Decision.Warning::message).toList(),
          request.snapshot().revision());
    }
  }

  private ObjectNode chunk() {
    return OpenAiChat.chunk(id, model);
  }

  private ObjectNode counted() {
    int prompt = (int) request.facts().getPrompt().getTokens();
    int completion = tokens.count(raw.toString());
    ObjectNode u = OpenAiChat.JSON.createObjectNode();
    u.put("prompt_tokens", prompt);
    u.put("completion_tokens", completion);
    u.put("total_tokens", prompt + completion);
    u.put("warden_estimated", true);
    return u;
  }
}
