package dev.warden.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.eval.ResponseEvaluation;
import dev.warden.engine.eval.ResponseInput;
import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.providers.Upstreams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What one API request did, collected while it runs: the pipeline and the endpoints fill it at
 * a few points (the caller, the request decision, each upstream attempt, each check of the
 * answer, usage, the outcome), then it is {@link #freeze() frozen} and handed to the audit log,
 * the metrics and the trace. It keeps references, not copies: the audit writer turns it into a
 * record off the request path, applying the log level to the content. After {@link #freeze()}
 * nothing changes it (late calls are ignored), so the writer thread reads a stable object.
 */
public final class RequestRecord {
  /** At most this many checks of one answer are kept (a long stream is checked O(log n) times). */
  static final int MAX_CHECKS = 64;
  private final String id;
  private final Instant time;
  private final long startNanos;
  private final String path;
  private volatile boolean frozen;
  private long endNanos;
  private String endpoint = "";
  private GatewayConfig.KeyConfig key;
  private RequestEvaluation request;
  private List<String> candidates = List.of();
  private final List<Check> checks = new ArrayList<>();
  private final List<TimedAttempt> attempts = new ArrayList<>();
  private long decidedAt;
  private String traceparent = "";
  private String served = "";
  private String answer;
  private boolean streamed;
  private OptionalInt promptTokens = OptionalInt.empty();
  private OptionalInt completionTokens = OptionalInt.empty();
  private boolean tokensCounted;
  private final List<String> warnings = new ArrayList<>();
  private int status;
  private ApiError error;
  private long upstreamNanos;
  /** Time the request spent on budgets and rate limits (facts, limits, reservation, settlement). */
  private volatile long financeNanos;
  /** The same time by {@link FinancePhase} (-1: the phase did not run). */
  private final java.util.concurrent.atomic.AtomicLongArray financePhases = unset();
  /** How long handing the record to the audit log held the request (-1: no log); set after freezing. */
  private volatile long auditNanos = -1;
  private long inStreamNanos;
  private Metering metering = Metering.NONE;

  /** One check of the answer (a stream is checked as it grows): what the rules saw and decided, and when it ended. */
  public record Check(ResponseInput input, ResponseEvaluation evaluation, long atNanos) {}

  /** An upstream attempt and when it ended. */
  public record TimedAttempt(Upstreams.Attempt attempt, long endNanos) {}

  /**
   * Spend of the request, filled by metering when it is configured: the cost in USD, and the
   * budget reservation taken before the call and how it was settled.
   */
  public record Metering(OptionalDouble costUsd, Optional<String> reservation, OptionalDouble reservedUsd,
      Optional<String> settlement) {
    public static final Metering NONE = new Metering(OptionalDouble.empty(), Optional.empty(), OptionalDouble.empty(),
        Optional.empty());
  }

  public RequestRecord(String id, Instant time, long startNanos, String path) {
    this.id = Objects.requireNonNull(id, "id");
    this.time = Objects.requireNonNull(time, "time");
    this.startNanos = startNanos;
    this.path = Objects.requireNonNull(path, "path");
  }

  /** A record nobody keeps: for callers of the pipeline outside an API request (tests, tools). */
  public static RequestRecord detached() {
    return new RequestRecord("detached", Instant.EPOCH, System.nanoTime(), "");
  }

  // ------------------------------------------------------------------ filled by the request

  public void endpoint(String name) {
    if (!frozen) {
      endpoint = name;
    }
  }

  public void caller(GatewayConfig.KeyConfig k) {
    if (!frozen) {
      key = k;
    }
  }

  public void decided(RequestEvaluation evaluation, List<String> candidateModels) {
    if (!frozen) {
      decidedAt = System.nanoTime();
      request = evaluation;
      candidates = List.copyOf(candidateModels);
    }
  }

  public void checked(ResponseInput input, ResponseEvaluation evaluation) {
    if (frozen) {
      return;
    }
    Check c = new Check(input, evaluation, System.nanoTime());
    if (checks.size() < MAX_CHECKS) {
      checks.add(c);
    } else {
      checks.set(checks.size() - 1, c);
    }
  }

  public void attempt(Upstreams.Attempt a) {
    if (!frozen) {
      attempts.add(new TimedAttempt(a, System.nanoTime()));
    }
  }

  /** The model that served, and the answer's text as the model gave it (pseudonym tokens and all). */
  public void served(String model, String rawAnswer, boolean stream) {
    if (!frozen) {
      served = model;
      answer = rawAnswer;
      streamed = stream;
    }
  }

  public void upstreamTime(long nanos) {
    if (!frozen) {
      upstreamNanos += nanos;
    }
  }

  /** Time the gateway spent on a stream's chunks while the upstream call ran (checks, writing to the caller). */
  public void inStreamTime(long nanos) {
    if (!frozen) {
      inStreamNanos += nanos;
    }
  }

  /** Token usage: the provider's, or counted by the gateway ({@code counted}). */
  public void usage(int prompt, int completion, boolean counted) {
    if (!frozen) {
      promptTokens = OptionalInt.of(prompt);
      completionTokens = OptionalInt.of(completion);
      tokensCounted = counted;
    }
  }

  /** Usage from an OpenAI {@code usage} object (embeddings have no completion tokens). */
  public void usage(JsonNode usage) {
    if (usage != null && usage.isObject() && usage.path("prompt_tokens").isNumber()) {
      usage(usage.path("prompt_tokens").asInt(), usage.path("completion_tokens").asInt(0),
          usage.path("warden_estimated").asBoolean(false));
    }
  }

  public void warnings(List<String> sent) {
    if (!frozen) {
      sent.stream().filter(w -> !warnings.contains(w)).forEach(warnings::add);
    }
  }

  public void metering(Metering m) {
    if (!frozen) {
      metering = Objects.requireNonNull(m, "metering");
    }
  }

  public void status(int code) {
    if (!frozen) {
      status = code;
    }
  }

  public void failed(ApiError e) {
    if (!frozen) {
      error = e;
      status = e.status();
    }
  }

  /**
   * The audit log could not take the record and the request is refused for it (503): the
   * outcome is replaced even though the record is frozen, so the record says what the caller got.
   */
  void overrideOutcome(ApiError e) {
    error = e;
    status = e.status();
  }

  /** Ends the collection: the outcome is final and the end time taken. Idempotent. */
  public void freeze(long nowNanos) {
    if (!frozen) {
      endNanos = nowNanos;
      if (status == 0) {
        status = 200;
      }
      frozen = true;
    }
  }

  // ------------------------------------------------------------------ read once frozen

  public boolean frozen() {
    return frozen;
  }

  public String id() {
    return id;
  }

  public Instant time() {
    return time;
  }

  public long startNanos() {
    return startNanos;
  }

  public long endNanos() {
    return endNanos;
  }

  public String path() {
    return path;
  }

  public String endpoint() {
    return endpoint;
  }

  public Optional<GatewayConfig.KeyConfig> key() {
    return Optional.ofNullable(key);
  }

  public Optional<RequestEvaluation> request() {
    return Optional.ofNullable(request);
  }

  public List<String> candidates() {
    return candidates;
  }

  public List<Check> checks() {
    return List.copyOf(checks);
  }

  /** The last check of the answer's text (the whole answer, for a complete one). */
  public Optional<Check> lastCheck() {
    return checks.isEmpty() ? Optional.empty() : Optional.of(checks.getLast());
  }

  public List<Upstreams.Attempt> attempts() {
    return attempts.stream().map(TimedAttempt::attempt).toList();
  }

  public List<TimedAttempt> timedAttempts() {
    return List.copyOf(attempts);
  }

  /** When the request rules' evaluation ended (0: they did not run). */
  public long decidedAtNanos() {
    return decidedAt;
  }

  /** The caller's W3C {@code traceparent} header ("" when none), the parent of the request's trace. */
  public String traceparent() {
    return traceparent;
  }

  public void traceparent(String header) {
    if (!frozen && header != null && header.length() <= 128) {
      traceparent = header;
    }
  }

  public String servedModel() {
    return served;
  }

  public Optional<String> answer() {
    return Optional.ofNullable(answer);
  }

  public boolean streamed() {
    return streamed;
  }

  public OptionalInt promptTokens() {
    return promptTokens;
  }

  public OptionalInt completionTokens() {
    return completionTokens;
  }

  public boolean tokensCounted() {
    return tokensCounted;
  }

  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  public int status() {
    return status;
  }

  public Optional<ApiError> error() {
    return Optional.ofNullable(error);
  }

  public Metering meteringInfo() {
    return metering;
  }

  /**
   * Adds time the request spent on budgets and rate limits: reading the budget facts, asking
   * the limits, taking the reservation, settling (on the request's own thread).
   */
  public void financeTime(long nanos) {
    financeNanos += nanos;
  }

  /** Time the request spent on budgets and rate limits. */
  public long financeNanos() {
    return financeNanos;
  }

  /**
   * The parts of the time on budgets and rate limits, each timed where it runs (they overlap
   * {@link #financeTime} and do not add up to it: the limits' answers travel while the
   * reservation is taken).
   */
  public enum FinancePhase {
    /** The caller's budgets from the replica's snapshot (a query when it is reloaded). */
    BUDGETS("budgets"),
    /** The wait for this replica's pending settlements of the same budgets (read-your-writes). */
    PENDING("pending_settlements"),
    /** The budgets' spend from the counters (Redis: a script). */
    FACTS("facts"),
    /** The reservation on the counters (Redis: a script). */
    RESERVE("reserve_counters"),
    /** The reservation's row in the store ({@code warden_reservations}). */
    RESERVATION_ROW("reservation_row"),
    /** The rate limits: asking the buckets, then the wait for their answers left after the reservation. */
    LIMITS("limits"),
    /** The settlement's part on the request's thread (the writes follow the answer). */
    SETTLE("settle");

    private final String label;

    FinancePhase(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private static java.util.concurrent.atomic.AtomicLongArray unset() {
    java.util.concurrent.atomic.AtomicLongArray a = new java.util.concurrent.atomic.AtomicLongArray(
        FinancePhase.values().length);
    for (int i = 0; i < a.length(); i++) {
      a.set(i, -1);
    }
    return a;
  }

  /** Adds time spent in one phase of budgets and limits (see {@link FinancePhase}). */
  public void financePhase(FinancePhase phase, long nanos) {
    financePhases.getAndUpdate(phase.ordinal(), v -> Math.max(0, v) + nanos);
  }

  /** Time spent in one phase of budgets and limits; -1 when the phase did not run. */
  public long financePhaseNanos(FinancePhase phase) {
    return financePhases.get(phase.ordinal());
  }

  /** Notes how long {@link Recorder#commit} waited for the audit log (an enqueue, or a group commit). */
  void auditWait(long nanos) {
    auditNanos = nanos;
  }

  /** How long the request waited for the audit log to take its record; -1 without a log. */
  public long auditNanos() {
    return auditNanos;
  }

  /** Time in upstream calls, less what the gateway did with a stream's chunks meanwhile. */
  public long upstreamNanos() {
    return Math.max(0, upstreamNanos - inStreamNanos);
  }

  public long totalNanos() {
    return Math.max(0, endNanos - startNanos);
  }

  /** The gateway's own share of the request's time. */
  public long gatewayNanos() {
    return Math.max(0, totalNanos() - upstreamNanos());
  }

  /** Whether the policy refused the request (a rule, or no model satisfying the routing rules) or withheld its answer. */
  public boolean blocked() {
    return error != null && error.type().equals("policy_violation")
        || request != null && request.decision().block().isPresent()
        || checks.stream().anyMatch(c -> c.evaluation().decision().block().isPresent());
  }

  /** {@code served}, {@code blocked} (by the policy), {@code refused} (other 4xx), {@code failed} (5xx), {@code client_closed}. */
  public String outcome() {
    if (status == 499) {
      return "client_closed";
    }
    if (blocked()) {
      return "blocked";
    }
    return status < 400 ? "served" : status < 500 ? "refused" : "failed";
  }
}
