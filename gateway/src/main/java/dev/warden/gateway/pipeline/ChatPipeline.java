package dev.warden.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.dsl.model.Enums;
import dev.warden.dsl.model.ModelSpec;
import dev.warden.engine.eval.Decision;
import dev.warden.engine.eval.Evaluator;
import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.eval.RequestInput;
import dev.warden.engine.eval.ResponseEvaluation;
import dev.warden.engine.eval.ResponseInput;
import dev.warden.engine.facts.RequestInfo;
import dev.warden.engine.snapshot.PackSet;
import dev.warden.engine.snapshot.PolicySnapshot;
import dev.warden.engine.text.TokenCounter;
import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.audit.RequestRecord;
import dev.warden.gateway.auth.VirtualKeys;
import dev.warden.gateway.chat.AnswerTexts;
import dev.warden.gateway.chat.AnthropicExtensions;
import dev.warden.gateway.chat.AnthropicMessages;
import dev.warden.gateway.chat.ChatRequest;
import dev.warden.gateway.chat.JsonTexts;
import dev.warden.gateway.chat.OpenAiChat;
import dev.warden.gateway.chat.UncheckedOutputs;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.finance.Meter;
import dev.warden.gateway.finance.Reservation;
import dev.warden.gateway.limits.Buckets;
import dev.warden.gateway.limits.RateLimits;
import dev.warden.gateway.limits.Ticket;
import dev.warden.gateway.providers.UpstreamReply;
import dev.warden.gateway.providers.Upstreams;
import dev.warden.gateway.finance.Usage;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One chat request through the policy, as architecture.md draws it: decide with the request
 * rules on the snapshot current when the request arrived, enforce (block, redact the messages
 * actually sent, route), call the upstream with failover along models that satisfy every
 * constraint, decide with the response rules on the same snapshot, enforce on the answer (its
 * text and its tool calls' arguments) and restore pseudonyms. What of an answer the rules cannot
 * check does not reach the caller when answers are checked ({@link UncheckedOutputs}).
 * Streaming goes through {@link StreamGuard}.
 */
public final class ChatPipeline {
  private static final System.Logger LOG = System.getLogger("warden.pipeline");
  private final PackSet packs;
  private final Evaluator evaluator;
  private final Upstreams upstreams;
  private final Map<String, GatewayConfig.ModelConfig> models;
  private final TokenCounter tokens;
  private final Clock clock;
  private final ZoneId zone;
  private final boolean failOpen;
  private final CallMeter meter;
  private final RateLimits limits;
  private volatile SnapshotChecks lastChecks;

  /** A pipeline that neither meters nor budgets (no store), its rate limits counted in this process. */
  public ChatPipeline(PackSet packs, Evaluator evaluator, Upstreams upstreams,
      Map<String, GatewayConfig.ModelConfig> models, TokenCounter tokens, Clock clock, ZoneId zone, boolean failOpen) {
    this(packs, evaluator, upstreams, models, tokens, clock, zone, failOpen, Optional.empty(), inProcessLimits());
  }

  /** A pipeline that feeds budget facts to the rules, reserves before each call and settles after it. */
  public ChatPipeline(PackSet packs, Evaluator evaluator, Upstreams upstreams,
      Map<String, GatewayConfig.ModelConfig> models, TokenCounter tokens, Clock clock, ZoneId zone, boolean failOpen,
      Optional<Meter> meter) {
    this(packs, evaluator, upstreams, models, tokens, clock, zone, failOpen, meter, inProcessLimits());
  }

  /** A pipeline without metering or budgets, with the given rate limits. */
  public ChatPipeline(PackSet packs, Evaluator evaluator, Upstreams upstreams,
      Map<String, GatewayConfig.ModelConfig> models, TokenCounter tokens, Clock clock, ZoneId zone, boolean failOpen,
      RateLimits limits) {
    this(packs, evaluator, upstreams, models, tokens, clock, zone, failOpen, Optional.empty(), limits);
  }

  /** The gateway's pipeline: budgets and metering ({@code meter}) and rate limits. */
  public ChatPipeline(PackSet packs, Evaluator evaluator, Upstreams upstreams,
      Map<String, GatewayConfig.ModelConfig> models, TokenCounter tokens, Clock clock, ZoneId zone, boolean failOpen,
      Optional<Meter> meter, RateLimits limits) {
    this.limits = limits;
    this.packs = packs;
    this.evaluator = evaluator;
    this.upstreams = upstreams;
    this.models = Map.copyOf(models);
    this.tokens = tokens;
    this.clock = clock;
    this.zone = zone;
    this.failOpen = failOpen;
    this.meter = new CallMeter(meter, this.models);
  }

  private static RateLimits inProcessLimits() {
    return new RateLimits(Buckets.inProcess(io.github.bucket4j.TimeMeter.SYSTEM_MILLISECONDS), false);
  }

  /**
   * The request side: decided, blocked or routed, with the candidate models in failover order,
   * and what it took from its rate limits (to correct with the real usage).
   */
  public record Admitted(RequestEvaluation evaluation, List<String> candidates, List<String> warnings, Ticket limits) {}

  public Admitted admit(GatewayConfig.KeyConfig key, ChatRequest request, String endpoint) {
    return admit(key, request, endpoint, RequestRecord.detached());
  }

  /** {@link #admit(GatewayConfig.KeyConfig, ChatRequest, String)}, noting the decision in the request's record. */
  public Admitted admit(GatewayConfig.KeyConfig key, ChatRequest request, String endpoint, RequestRecord record) {
    Decided d = decide(key, request, endpoint, record);
    return new Admitted(d.evaluation(), d.candidates(), d.warnings(), d.limits().ticket());
  }

  /** The request rules' decision, its candidate models, and its rate limits asked (their answers maybe still on the way). */
  private record Decided(RequestEvaluation evaluation, List<String> candidates, List<String> warnings,
      RateLimits.Asked limits) {}

  /** A request admitted by its rate limits, with its budget reservation (none without a meter). */
  private record Held(Admitted admitted, Optional<Reservation> reservation) {}

  private Decided decide(GatewayConfig.KeyConfig key, ChatRequest request, String endpoint, RequestRecord record) {
    record.caller(key);
    PolicySnapshot snapshot = packs.current()
        .orElseThrow(() -> ApiError.unavailable("No policy is loaded yet; the gateway refuses requests until it is."));
    if (!models.containsKey(request.model())) {
      throw ApiError.notFound("model_not_found", "The model " + shown(request.model())
          + " does not exist or is not served here; GET /v1/models lists the models your key may use.");
    }
    if ("embeddings".equals(endpoint) != models.get(request.model()).spec().embedding()) {
      throw "embeddings".equals(endpoint)
          ? ApiError.badRequest("The model " + shown(request.model()) + " is not an embedding model; embeddings need"
              + " one tagged \"" + ModelSpec.EMBEDDING + "\" in the catalog (GET /v1/models lists the models your key"
              + " may use).")
          : ApiError.badRequest("The model " + shown(request.model()) + " is an embedding model: send it to"
              + " POST /v1/embeddings, or ask for a chat model (GET /v1/models lists the models your key may use).");
    }
    long f0 = System.nanoTime();
    dev.warden.engine.facts.Budgets budgets = meter.facts(key, record);
    record.financeTime(System.nanoTime() - f0);
    RequestInput input = new RequestInput(VirtualKeys.principal(key), Set.copyOf(key.models()),
        new RequestInfo(request.model(), endpoint, request.stream(), request.maxTokens().orElse(0), request.metadata()),
        request.messages(), budgets, ZonedDateTime.now(clock.withZone(zone)), Map.of());
    RequestEvaluation evaluation;
    try {
      evaluation = evaluator.request(snapshot, input);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "the request rules failed (revision " + snapshot.revision() + ")", e);
      if (!failOpen) {
        throw ApiError.internal("The policy could not be evaluated, so the request is refused (fail closed).");
      }
      evaluation = evaluator.unchecked(snapshot, input, "the request rules failed");
    }
    Decision d = evaluation.decision();
    List<String> warnings = d.warnings().stream().map(Decision.Warning::message).toList();
    if (d.block().isPresent()) {
      record.decided(evaluation, List.of());
      Decision.Block b = d.block().get();
      if (d.routing().chosen().isEmpty() && b.origin().isEmpty()) {
        // no rule blocked: the key's allowed models or the routing constraints left no model
        throw ApiError.forbidden(d.routing().constrainedBy().isEmpty() ? "model_not_allowed" : "no_model_satisfies_policy",
            b.message());
      }
      throw ApiError.policy(b.status(), b.rule(), b.message());
    }
    String chosen = d.routing().chosen().orElseThrow();
    if (!models.containsKey(chosen)) {
      throw ApiError.notFound("model_not_found", "The model \"" + chosen + "\" does not exist or is not served here.");
    }
    List<String> candidates = candidates(d.routing(), chosen, key);
    record.decided(evaluation, candidates);
    long l0 = System.nanoTime();
    RateLimits.Asked asked = limits.ask(key, d, RateLimits.estimate((long) evaluation.facts().getPrompt().getTokens(),
        request.maxTokens().orElse(0), !"embeddings".equals(endpoint)));
    record.financeTime(System.nanoTime() - l0);
    record.financePhase(RequestRecord.FinancePhase.LIMITS, System.nanoTime() - l0);
    return new Decided(evaluation, candidates, warnings, asked);
  }

  /**
   * Admits a chat request and reserves its budget at once: the rate limit buckets are asked,
   * and while their answers travel the reservation is taken (a Redis script and a row), so the
   * request waits for the slower of the two instead of both in turn. When one refuses the other
   * is undone: a reservation is released when a limit refuses (429 first, as before), what the
   * limits took is given back when the budget refuses (402) or the request cannot be served
   * with its answers checked (n > 1, audio).
   */
  private Held admitAndReserve(GatewayConfig.KeyConfig key, ChatRequest request, String endpoint,
      RequestRecord record) {
    Decided d = decide(key, request, endpoint, record);
    Optional<Reservation> held = Optional.empty();
    RuntimeException failure = null;
    long r0 = System.nanoTime();
    try {
      if (answersChecked(d.evaluation())) {
        UncheckedOutputs.refuse(request.body());
      }
      held = meter.reserve(key, request, d.evaluation(), d.candidates(), record);
    } catch (RuntimeException e) {
      failure = e;
    }
    Ticket ticket;
    long w0 = System.nanoTime();
    try {
      ticket = d.limits().ticket();
    } catch (RuntimeException refused) {
      meter.release(held, record);
      throw refused;
    } finally {
      long end = System.nanoTime();
      record.financePhase(RequestRecord.FinancePhase.LIMITS, end - w0);
      record.financeTime(end - r0);
    }
    if (failure != null) {
      ticket.release();
      throw failure;
    }
    return new Held(new Admitted(d.evaluation(), d.candidates(), d.warnings(), ticket), held);
  }

  /**
   * A model name a caller sent, as an error message may repeat it: quoted when it looks like a
   * model name, else not at all (the field may hold anything, a value the policy would redact).
   */
  static String shown(String model) {
    return model.matches("[A-Za-z0-9._:/-]{1,100}") ? "\"" + model + "\"" : "you asked for";
  }

  /**
   * The chosen model, then its configured fallbacks, then the other models the rules allow:
   * with routing constraints only models that satisfy all of them, never one the key may not use.
   */
  List<String> candidates(Decision.Routing routing, String chosen, GatewayConfig.KeyConfig key) {
    Set<String> out = new LinkedHashSet<>();
    out.add(chosen);
    boolean constrained = !routing.constrainedBy().isEmpty();
    Set<String> satisfying = new LinkedHashSet<>(routing.fallbacks());
    boolean embedding = models.get(chosen).spec().embedding();
    for (String f : models.get(chosen).fallbacks()) {
      boolean allowedByKey = key.models().isEmpty() || key.models().contains(f);
      boolean sameKind = models.containsKey(f) && models.get(f).spec().embedding() == embedding;
      if (allowedByKey && sameKind && (!constrained || satisfying.contains(f))) {
        out.add(f);
      }
    }
    out.addAll(satisfying);
    return List.copyOf(new ArrayList<>(out).subList(0, Math.min(out.size(), MAX_CANDIDATES)));
  }

  /** How many models one request may try. */
  static final int MAX_CANDIDATES = 4;

  /** A non-streaming chat completion. */
  public Served complete(GatewayConfig.KeyConfig key, ChatRequest request, String endpoint) {
    return complete(key, request, endpoint, RequestRecord.detached());
  }

  /** A non-streaming chat completion, noted in the request's record as it goes. */
  public Served complete(GatewayConfig.KeyConfig key, ChatRequest request, String endpoint, RequestRecord record) {
    Held h = admitAndReserve(key, request, endpoint, record);
    Admitted admitted = h.admitted();
    Optional<Reservation> held = h.reservation();
    RequestEvaluation evaluation = admitted.evaluation();
    // as for streams: with no response rules and no pseudonyms to restore the answer goes as it
    // came, without detection on it or a second rules session
    boolean checked = answersChecked(evaluation);
    List<String> warnings = new ArrayList<>(admitted.warnings());
    if (checked && UncheckedOutputs.asksLogprobs(request.body())) {
      warnings.add(UncheckedOutputs.LOGPROBS_WARNING);
    }
    long t0 = System.nanoTime();
    Upstreams.Served<UpstreamReply> served;
    // per model tried: the Anthropic-only options its upstream was not given
    Map<String, List<String>> notApplied = new java.util.concurrent.ConcurrentHashMap<>();
    try {
      java.util.function.Function<GatewayConfig.ModelConfig, ObjectNode> sent =
          m -> sent(request, endpoint, evaluation, m, checked, n -> notApplied.put(m.spec().name(), n));
      // an OpenAI caller's answer that no rule reads may go as the upstream wrote it (UpstreamReply)
      served = !checked && endpoint.equals("chat")
          ? upstreams.completeReply(admitted.candidates(), sent, record::attempt)
          : asReply(upstreams.complete(admitted.candidates(), sent, record::attempt));
    } catch (RuntimeException e) {
      meter.release(held, record);
      admitted.limits().release();
      throw e;
    } finally {
      record.upstreamTime(System.nanoTime() - t0);
    }
    UpstreamReply reply = served.value();
    // passed on only with the provider's usage: the gateway's own count is added to the body
    boolean passed = reply.passedOn() && reply.usage().filter(Usage::present).isPresent();
    ObjectNode body = passed ? null : reply.tree();
    List<String> skipped = notApplied.getOrDefault(served.model(), List.of());
    if (!skipped.isEmpty()) {
      warnings.add(AnthropicExtensions.notAppliedWarning(skipped));
    }
    String answer = passed ? reply.answerText() : OpenAiChat.answerText(body);
    JsonNode used = passed ? reply.usage().orElseThrow()
        : Usage.present(body.get("usage")) ? body.get("usage") : usage(request, evaluation, answer);
    long s0 = System.nanoTime();
    meter.settle(held, request, endpoint, evaluation, served.model(), used, record);
    admitted.limits().settle(totalTokens(used));
    record.financeTime(System.nanoTime() - s0);
    record.financePhase(RequestRecord.FinancePhase.SETTLE, System.nanoTime() - s0);
    record.served(served.model(), answer, false);
    if (passed) {
      record.usage(used);
      record.warnings(warnings);
      return new Served(null, served.model(), warnings, served.attempts(), evaluation.snapshot().revision(),
          admitted.limits().headers(), reply.withModel(served.model()));
    }
    if (checked) {
      // an Anthropic model's thinking: checked on its own, passed on only unchanged (CheckedThinking)
      ObjectNode message = body.at("/choices/0/message") instanceof ObjectNode o ? o : null;
      JsonNode thinking = message == null ? null : message.remove(AnthropicExtensions.THINKING_BLOCKS);
      UncheckedOutputs.remove(body).stream().filter(w -> !warnings.contains(w)).forEach(warnings::add);
      boolean thinkingPasses = thinking == null || !thinking.isArray()
          || CheckedThinking.passes(thinking, OpenAiChat.finishReason(body), served.model(), in -> {
            ResponseEvaluation e = checkAnswer(evaluation, in);
            record.checked(in, e);
            return e;
          });
      OptionalInt completionTokens = body.path("usage").has("completion_tokens")
          ? OptionalInt.of(body.path("usage").path("completion_tokens").asInt()) : OptionalInt.empty();
      List<JsonTexts.Found> texts = AnswerTexts.of(body);
      ResponseInput in = ResponseInput.ofParts(texts.stream().map(JsonTexts.Found::text).toList(),
          OpenAiChat.finishReason(body), served.model(), completionTokens);
      ResponseEvaluation response = checkAnswer(evaluation, in);
      record.checked(in, response);
      Decision rd = response.decision();
      if (rd.block().isPresent()) {
        Decision.Block b = rd.block().get();
        throw ApiError.policy(b.status(), b.rule(), b.message());
      }
      AnswerTexts.write(body, texts, response.partsToCaller());
      rd.warnings().forEach(w -> warnings.add(w.message()));
      if (thinking != null && thinking.isArray() && !thinking.isEmpty()) {
        if (thinkingPasses) {
          message.set(AnthropicExtensions.THINKING_BLOCKS, thinking);
        } else {
          warnings.add(UncheckedOutputs.THINKING_WARNING);
        }
      }
    }
    body.put("model", served.model());
    if (used != body.get("usage")) {
      // the provider gave none (or none usable): the gateway's count, marked warden_estimated
      body.set("usage", used);
    }
    record.usage(body.path("usage"));
    record.warnings(warnings);
    return new Served(body, served.model(), warnings, served.attempts(), evaluation.snapshot().revision(),
        admitted.limits().headers());
  }

  private static Upstreams.Served<UpstreamReply> asReply(Upstreams.Served<ObjectNode> s) {
    return new Upstreams.Served<>(UpstreamReply.of(s.value()), s.model(), s.attempts());
  }

  /**
   * The body sent to {@code model}: the redacted request, when answers are checked without a
   * request for logprobs (they would repeat the answer unchecked), and, when an Anthropic client
   * sends it to a model that is not Anthropic's, without the Anthropic-only fields; {@code
   * notApplied} hears which of the options the caller asked for were removed. (What an OpenAI
   * client sends goes on as it is: OpenAI-compatible servers such as vLLM take top_k.)
   */
  private ObjectNode sent(ChatRequest request, String endpoint, RequestEvaluation evaluation,
      GatewayConfig.ModelConfig model, boolean checked, java.util.function.Consumer<List<String>> notApplied) {
    ObjectNode body = OpenAiChat.upstreamBody(request, evaluation.redactedMessages(), model.upstream());
    if (endpoint.equals(AnthropicMessages.ENDPOINT) && !upstreams.speaksAnthropic(model)) {
      List<String> removed = AnthropicExtensions.strip(body);
      if (!removed.isEmpty()) {
        notApplied.accept(removed);
      }
    }
    return checked ? UncheckedOutputs.withoutLogprobs(body) : body;
  }

  /**
   * The response rules on an answer; when they fail, the answer is withheld (fail closed) or,
   * configured so, passed on unchecked with a warning.
   */
  ResponseEvaluation checkAnswer(RequestEvaluation evaluation, ResponseInput in) {
    try {
      return evaluator.response(evaluation, in);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "the response rules failed (revision " + evaluation.snapshot().revision()
          + ")", e);
      if (!failOpen) {
        throw ApiError.internal("The answer could not be checked by the policy, so it is withheld (fail closed).");
      }
      return evaluator.unchecked(evaluation, in, "the response rules failed");
    }
  }

  /** The tokens a usage object counts: total_tokens, else prompt plus completion (a provider may omit the total). */
  static long totalTokens(com.fasterxml.jackson.databind.JsonNode usage) {
    long total = usage.path("total_tokens").asLong(-1);
    return total >= 0 ? total : Math.max(0, usage.path("prompt_tokens").asLong(0))
        + Math.max(0, usage.path("completion_tokens").asLong(0));
  }

  /** Usage counted by the gateway when the provider gave none: never a silent zero. */
  ObjectNode usage(ChatRequest request, RequestEvaluation evaluation, String answer) {
    int prompt = (int) evaluation.facts().getPrompt().getTokens();
    int completion = tokens.count(answer);
    ObjectNode u = OpenAiChat.JSON.createObjectNode();
    u.put("prompt_tokens", prompt);
    u.put("completion_tokens", completion);
    u.put("total_tokens", prompt + completion);
    u.put("warden_estimated", true);
    return u;
  }

  /** A streamed chat completion, written to {@code out} as it is checked. */
  public void stream(GatewayConfig.KeyConfig key, ChatRequest request, String endpoint, StreamGuard.Sink out) {
    stream(key, request, endpoint, out, RequestRecord.detached());
  }

  /** A streamed chat completion, noted in the request's record as it goes. */
  public void stream(GatewayConfig.KeyConfig key, ChatRequest request, String endpoint, StreamGuard.Sink out,
      RequestRecord record) {
    Held h = admitAndReserve(key, request, endpoint, record);
    Admitted admitted = h.admitted();
    Optional<Reservation> held = h.reservation();
    out.headers(admitted.limits().headers());
    RequestEvaluation evaluation = admitted.evaluation();
    boolean checked = answersChecked(evaluation);
    StreamGuard guard = new StreamGuard((req, in) -> {
      ResponseEvaluation e = checkAnswer(req, in);
      record.checked(in, e);
      return e;
    }, evaluation, request.includeUsage(), tokens, out);
    if (checked && UncheckedOutputs.asksLogprobs(request.body())) {
      guard.warn(UncheckedOutputs.LOGPROBS_WARNING);
    }
    // settled before the stream's last event (the record is committed then), or at the latest when it ends
    boolean[] settled = {false};
    Runnable settle = () -> {
      if (!settled[0]) {
        settled[0] = true;
        long s0 = System.nanoTime();
        meter.settleStream(held, request, endpoint, evaluation, guard, record);
        record.financeTime(System.nanoTime() - s0);
        record.financePhase(RequestRecord.FinancePhase.SETTLE, System.nanoTime() - s0);
      }
    };
    try {
      stream(request, endpoint, record, admitted, guard, settle);
    } finally {
      settle.run();
    }
  }

  private void stream(ChatRequest request, String endpoint, RequestRecord record, Admitted admitted,
      StreamGuard guard, Runnable settle) {
    RequestEvaluation evaluation = admitted.evaluation();
    boolean checked = answersChecked(evaluation);
    Upstreams.Served<Void> served;
    long t0 = System.nanoTime();
    try {
      served = upstreams.stream(admitted.candidates(),
          m -> {
            guard.attempt(m.spec().name());
            return sent(request, endpoint, evaluation, m, checked,
                n -> guard.warnAttempt(AnthropicExtensions.notAppliedWarning(n)));
          },
          chunk -> {
            long c0 = System.nanoTime();
            try {
              guard.onChunk(chunk);
            } finally {
              record.inStreamTime(System.nanoTime() - c0);
            }
          }, guard::committed, record::attempt);
    } catch (StreamGuard.Stopped stopped) {
      record.upstreamTime(System.nanoTime() - t0);
      StreamGuard.Usage u = guard.usage();
      admitted.limits().settle((long) u.prompt() + u.completion());
      return;
    } catch (ApiError e) {
      record.upstreamTime(System.nanoTime() - t0);
      settle.run();
      admitted.limits().release();
      guard.fail(e);
      return;
    }
    record.upstreamTime(System.nanoTime() - t0);
    record.served(served.model(), guard.rawText(), true);
    StreamGuard.Usage u = guard.usage();
    admitted.limits().settle((long) u.prompt() + u.completion());
    record.usage(u.prompt(), u.completion(), u.counted());
    settle.run();
    try {
      guard.finish(served.model());
    } catch (StreamGuard.Stopped stopped) {
      // a response rule stopped the stream on its last part; the caller got the error event
    }
  }

  /** Whether the answer to this request is checked: response rules, or pseudonyms to restore in it. */
  boolean answersChecked(RequestEvaluation evaluation) {
    PolicySnapshot s = evaluation.snapshot();
    SnapshotChecks last = lastChecks;
    if (last == null || last.snapshot() != s) {
      // asked several times per request; the answer changes only with the snapshot (a reload)
      last = new SnapshotChecks(s, checksAnswers(s));
      lastChecks = last;
    }
    return last.checks() || !evaluation.pseudonyms().isEmpty();
  }

  /** Whether a snapshot's rules look at answers, kept for the snapshot most recently asked about. */
  private record SnapshotChecks(PolicySnapshot snapshot, boolean checks) {}

  /** Whether the snapshot's rules look at answers at all (else streams pass through). */
  static boolean checksAnswers(PolicySnapshot s) {
    return s.program().rules().stream().anyMatch(r -> r.phase() == Enums.Phase.RESPONSE);
  }
}
