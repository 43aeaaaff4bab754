package dev.warden.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.detect.Detection;
import dev.warden.engine.detect.DetectorSuite;
import dev.warden.engine.eval.Decision;
import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.eval.ResponseEvaluation;
import dev.warden.engine.eval.ResponseInput;
import dev.warden.engine.text.TokenCounter;
import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.chat.AnthropicExtensions;
import dev.warden.gateway.chat.OpenAiChat;
import dev.warden.gateway.chat.UncheckedOutputs;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Checks a streamed answer before any of it reaches the caller. Upstream text is held back by
 * at least {@link #HOLD} characters; as the answer grows, the response rules run on the text up
 * to a cut {@link HoldBack} chooses (never inside an entity the detectors find in the unsent
 * tail, a pseudonym token, a token-like run or a PEM block), and that text is released
 * redacted and with pseudonyms restored; at the end they run once on the whole answer.
 *
 * <p>What the caller received is always a prefix of what the last check lets through: when a
 * later check would rewrite text already sent (a rule that redacts only once more of the answer
 * is known), the stream stops with an error event rather than send text that no longer lines
 * up. A rule that blocks stops the stream the same way. Checks run when the answer has grown by
 * {@link #STEP} characters or by 1/{@link #GROWTH} of itself, whichever is more, so a stream
 * costs a bounded number of passes over its text however long it is, and tokens are counted
 * as the text arrives. Tool calls are held until each is complete, a refusal and a legacy
 * function call until the answer ends ({@link HeldParts}), then checked, restored and redacted
 * like text. Usage is always sent at the end when asked for: the provider's, or
 * counted here.
 */
public final class StreamGuard {
  /** Characters always held back: longer than any entity with spaces in it that could span a cut. */
  static final int HOLD = 96;
  /** The fewest new characters between two checks. */
  static final int STEP = 128;
  /** A check runs when the answer grew by at least this fraction (1/GROWTH) of itself. */
  static final int GROWTH = 8;
  /** Characters before the unsent tail scanned with it, so detectors see their context. */
  static final int CONTEXT = 256;

  /** Where the checked stream goes (an SSE connection), in OpenAI's chunk format. */
  public interface Sink {
    /** Headers for the answer (x-ratelimit-*), given before {@link #start}; a sink without headers ignores them. */
    default void headers(java.util.Map<String, String> headers) {}

    /** Called once, before the first chunk: headers can still be set. */
    void start(String model, List<String> warnings, String revision);

    void chunk(ObjectNode chunk);

    /** A warning found after {@link #start} (a check of the answer's), written as the format allows. */
    void warning(String message);

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
  private final DetectorSuite detectors;
  private final Set<String> warnings = new LinkedHashSet<>();
  /** Warnings of the gateway's own (not the rules'), sent with the first chunk whatever the attempt. */
  private final Set<String> gatewayWarnings = new LinkedHashSet<>();
  private final StringBuilder raw = new StringBuilder();
  /** What the caller has received of the answer's text. */
  private final StringBuilder sent = new StringBuilder();
  private ToolCallBuffer calls = new ToolCallBuffer();
  private HeldParts held = new HeldParts();
  private ThinkingBuffer thoughts = new ThinkingBuffer();
  /** The raw text up to here has been checked and sent. */
  private int released;
  private int nextCheck = STEP;
  /** The length of the text the last check ran on, -1 before the first. */
  private int checked = -1;
  /** Tokens of the raw text up to {@link #countedTo}. */
  private int countedTokens;
  private int countedTo;
  private String id = "chatcmpl-warden";
  private String model = "";
  private String finishReason = "stop";
  private JsonNode usage;
  private ObjectNode countedUsage;
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
    this.detectors = request.snapshot().detectors();
    request.decision().warnings().forEach(w -> warnings.add(w.message()));
  }

  /**
   * An attempt at {@code catalogName} begins. Until something was sent, an attempt that failed
   * may be followed by another (a retry or a failover): what it streamed is forgotten.
   */
  void attempt(String catalogName) {
    if (started) {
      throw new IllegalStateException("a stream that has sent something cannot start over");
    }
    model = catalogName;
    raw.setLength(0);
    calls = new ToolCallBuffer();
    held = new HeldParts();
    thoughts = new ThinkingBuffer();
    released = 0;
    nextCheck = STEP;
    checked = -1;
    countedTokens = 0;
    countedTo = 0;
    countedUsage = null;
    id = "chatcmpl-warden";
    finishReason = "stop";
    usage = null;
    warnings.clear();
    request.decision().warnings().forEach(w -> warnings.add(w.message()));
    warnings.addAll(gatewayWarnings);
  }

  /** A warning of the gateway's about this stream, known before it starts (logprobs not sent). */
  void warn(String message) {
    gatewayWarnings.add(message);
    warnings.add(message);
  }

  /** A warning about the current attempt only (an option its upstream was not given). */
  void warnAttempt(String message) {
    warnings.add(message);
  }

  /** Whether anything was sent to the caller: from then on the stream cannot fail over. */
  boolean committed() {
    return started;
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
    boolean finished = !fr.isEmpty() && !fr.equals("null");
    if (finished) {
      finishReason = fr;
    }
    String text = delta.path("content").isTextual() ? delta.path("content").asText() : "";
    JsonNode toolCalls = delta.path("tool_calls");
    boolean hasCalls = toolCalls.isArray() && !toolCalls.isEmpty();
    boolean other = HeldParts.in(delta);
    boolean thinking = delta.path(AnthropicExtensions.THINKING_BLOCKS).isArray();
    if (!checks) {
      if (!text.isEmpty() || hasCalls || other || thinking) {
        forward(chunk);
      }
      raw.append(text);
      return;
    }
    if (thinking) {
      thoughts.add(delta.path(AnthropicExtensions.THINKING_BLOCKS));
    }
    if ((!text.isEmpty() || hasCalls || other || finished) && !thoughts.isEmpty()) {
      // the thinking before this is complete: checked and sent (or withheld) before what follows it
      releaseThinking();
    }
    if (!text.isEmpty()) {
      raw.append(text);
      if (raw.length() >= nextCheck && raw.length() > HOLD) {
        check(false);
      }
    }
    if ((hasCalls || other) && raw.length() > released) {
      // the text before a tool call or refusal is complete: check and send all of it first
      check(true);
    }
    if (hasCalls) {
      calls.add(toolCalls).forEach(this::sendCall);
    }
    if (other) {
      held.add(delta);
    }
    if (finished) {
      calls.finish().forEach(this::sendCall);
    }
  }

  /** The upstream finished: release the rest, then the finish reason and usage. */
  void finish(String servedModel) {
    model = servedModel;
    if (checks) {
      if (!thoughts.isEmpty()) {
        releaseThinking();
      }
      if (checked != raw.length()) {
        check(true);
      }
      calls.finish().forEach(this::sendCall);
      sendHeld();
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

  /**
   * Runs the response rules on the text up to a safe cut ({@code all}: on all of it) and sends
   * what they let through that the caller does not have yet.
   */
  private void check(boolean all) {
    int n = raw.length();
    nextCheck = n + Math.max(STEP, n / GROWTH);
    String text = raw.toString();
    int cut = all ? n : HoldBack.boundary(text, released, n - HOLD, tail(text));
    if (cut == checked || (!all && cut <= released)) {
      return;
    }
    ResponseEvaluation e = evaluate(text.substring(0, cut), tokensUpTo(text, cut));
    checked = cut;
    released = cut;
    send(e.toCaller());
  }

  /** What the detectors find in the unsent tail, with some context before it; offsets in {@code text}. */
  private List<Detection> tail(String text) {
    int from = Math.max(0, released - CONTEXT);
    return detectors.scan(text.substring(from)).stream().map(d -> d.shifted(from)).toList();
  }

  /** Sends what {@code visible} adds to what was sent, or stops when it does not extend it. */
  private void send(String visible) {
    if (!visible.startsWith(sent.toString())) {
      throw stop(ApiError.policy(422, "warden/stream-redaction-changed", "A response rule rewrote part of the answer that"
          + " had already been streamed, so the stream was stopped. Ask again without streaming to get the"
          + " whole answer as the policy allows it."));
    }
    if (visible.length() == sent.length()) {
      return;
    }
    String delta = visible.substring(sent.length());
    sent.append(delta);
    ensureStarted();
    ObjectNode c = chunk();
    delta(c).put("content", delta);
    out.chunk(c);
  }

  /** The delta of a chunk's one choice (with the role, in the first chunk sent), to fill. */
  private ObjectNode delta(ObjectNode chunk) {
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putNull("finish_reason");
    ObjectNode dl = choice.putObject("delta");
    role(dl);
    return dl;
  }

  /** One complete tool call: its arguments checked like text, pseudonyms restored, then sent whole. */
  private void sendCall(ToolCallBuffer.Call call) {
    String arguments = call.arguments().isEmpty() ? ""
        : evaluate(call.arguments(), OptionalInt.of(tokens.count(call.arguments()))).toCaller();
    ensureStarted();
    ObjectNode c = chunk();
    ObjectNode tc = delta(c).putArray("tool_calls").addObject().put("index", call.index());
    if (!call.id().isEmpty()) {
      tc.put("id", call.id());
    }
    tc.put("type", call.type());
    tc.putObject("function").put("name", call.name()).put("arguments", arguments);
    out.chunk(c);
  }

  /**
   * The refusal and the legacy function call, gathered whole while the answer streamed, checked
   * like tool-call arguments (redacted, pseudonyms restored) and sent in one chunk each.
   */
  private void sendHeld() {
    held.refusal().ifPresent(text -> {
      String checkedText = evaluate(text, OptionalInt.of(tokens.count(text))).toCaller();
      ensureStarted();
      ObjectNode c = chunk();
      delta(c).put("refusal", checkedText);
      out.chunk(c);
    });
    held.function().ifPresent(f -> {
      String arguments = f.arguments().isEmpty() ? ""
          : evaluate(f.arguments(), OptionalInt.of(tokens.count(f.arguments()))).toCaller();
      ensureStarted();
      ObjectNode c = chunk();
      delta(c).putObject("function_call").put("name", f.name()).put("arguments", arguments);
      out.chunk(c);
    });
  }

  private void role(ObjectNode delta) {
    if (!roleSent) {
      delta.put("role", "assistant");
      roleSent = true;
    }
  }

  /**
   * The thinking gathered so far, checked ({@link CheckedThinking}): sent whole, one chunk per
   * block, when the rules leave it unchanged, else withheld with a warning.
   */
  private void releaseThinking() {
    com.fasterxml.jackson.databind.node.ArrayNode blocks = thoughts.take();
    boolean passes;
    try {
      passes = CheckedThinking.passes(blocks, finishReason, model, in -> check.apply(request, in));
    } catch (ApiError error) {
      throw stop(error);
    }
    if (!passes) {
      if (warnings.add(UncheckedOutputs.THINKING_WARNING) && started) {
        out.warning(UncheckedOutputs.THINKING_WARNING);
      }
      return;
    }
    for (JsonNode block : blocks) {
      ensureStarted();
      ObjectNode c = chunk();
      delta(c).putArray(AnthropicExtensions.THINKING_BLOCKS).add(block);
      out.chunk(c);
    }
  }

  /** The response rules on {@code text}: a block stops the stream, warnings go to the caller. */
  private ResponseEvaluation evaluate(String text, OptionalInt tokenCount) {
    ResponseEvaluation e;
    try {
      e = check.apply(request, new ResponseInput(text, finishReason, model, tokenCount, Map.of()));
    } catch (ApiError error) {
      throw stop(error);
    }
    Decision d = e.decision();
    if (d.block().isPresent()) {
      Decision.Block b = d.block().get();
      throw stop(ApiError.policy(b.status(), b.rule(), b.message()));
    }
    for (Decision.Warning w : d.warnings()) {
      if (warnings.add(w.message()) && started) {
        out.warning(w.message());
      }
    }
    return e;
  }

  /** Ends the stream with {@code error}: thrown as it is before anything was sent, else as an error event. */
  private Stopped stop(ApiError error) {
    if (!started) {
      throw error;
    }
    out.error(error);
    out.end();
    throw new Stopped();
  }

  /**
   * The tokens of {@code text} up to {@code end}, counted once per piece: the text is cut before
   * a space (where the tokenizer splits anyway) and only what follows the last cut is counted again.
   */
  private OptionalInt tokensUpTo(String text, int end) {
    int cut = end;
    while (cut > countedTo && end - cut < HoldBack.MAX_RUN && text.charAt(cut - 1) != ' ') {
      cut--;
    }
    if (cut > countedTo && cut < end && text.charAt(cut - 1) == ' ') {
      cut--;
    }
    if (cut > countedTo) {
      countedTokens += tokens.count(text.substring(countedTo, cut));
      countedTo = cut;
    }
    return OptionalInt.of(countedTokens + tokens.count(text.substring(countedTo, end)));
  }

  private void forward(ObjectNode chunk) {
    ensureStarted();
    chunk.put("model", model);
    out.chunk(chunk);
  }

  private void ensureStarted() {
    if (!started) {
      started = true;
      out.start(model, List.copyOf(warnings), request.snapshot().revision());
    }
  }

  private ObjectNode chunk() {
    return OpenAiChat.chunk(id, model);
  }

  /** The answer's text as the upstream sent it (pseudonym tokens and all), for the audit record. */
  String rawText() {
    return raw.toString();
  }

  /** The usage the provider sent for the current attempt (null: none). */
  JsonNode providerUsage() {
    return usage;
  }

  /** The catalog model of the current attempt (null: none began). */
  String model() {
    return model;
  }

  /** Token usage of the stream: the provider's when it sent it, else counted here. */
  record Usage(int prompt, int completion, boolean counted) {}

  Usage usage() {
    JsonNode u = usage != null ? usage : counted();
    return new Usage(u.path("prompt_tokens").asInt(), u.path("completion_tokens").asInt(),
        usage == null || u.path("warden_estimated").asBoolean(false));
  }

  private ObjectNode counted() {
    if (countedUsage != null) {
      return countedUsage;
    }
    int prompt = (int) request.facts().getPrompt().getTokens();
    int completion = tokensUpTo(raw.toString(), raw.length()).getAsInt();
    ObjectNode u = OpenAiChat.JSON.createObjectNode();
    u.put("prompt_tokens", prompt);
    u.put("completion_tokens", completion);
    u.put("total_tokens", prompt + completion);
    u.put("warden_estimated", true);
    countedUsage = u;
    return u;
  }
}
