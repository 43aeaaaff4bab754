package dev.warden.gateway.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.config.GatewayConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Calls upstreams the way a gateway must: a timeout per attempt, retries with exponential
 * backoff and jitter on 429, 5xx and network errors, a circuit breaker per upstream model, and
 * failover along the candidate models in order (the caller passes only models that satisfy
 * every routing constraint, so failover never crosses a residency rule). A stream fails over
 * only while nothing of it has been sent to the caller.
 */
public final class Upstreams {
  static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
  static final int BREAKER_THRESHOLD = 5;
  static final Duration BREAKER_COOLDOWN = Duration.ofSeconds(30);

  private final Providers providers;
  private final Map<String, GatewayConfig.ModelConfig> models;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final Sleeper sleeper;
  private final Map<String, LatencyTracker> latency = new ConcurrentHashMap<>();

  /** Waits between retries; tests replace it. */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  public Upstreams(Providers providers, Map<String, GatewayConfig.ModelConfig> models, Sleeper sleeper) {
    this.providers = providers;
    this.models = Map.copyOf(models);
    this.sleeper = sleeper;
  }

  /** Whether {@code model}'s provider speaks Anthropic's Messages API ({@link Providers#speaksAnthropic}). */
  public boolean speaksAnthropic(GatewayConfig.ModelConfig model) {
    return providers.speaksAnthropic(model.provider());
  }

  /** One try against one upstream, for the audit record and the response headers. */
  public record Attempt(String model, String provider, int status, long micros, String outcome) {}

  /** A successful call: the value, the model that served it, and every attempt made. */
  public record Served<T>(T value, String model, List<Attempt> attempts) {}

  /** The average latency observed per model (ms), for {@code prefer fastest}. */
  public java.util.OptionalDouble latencyOf(String model) {
    LatencyTracker t = latency.get(model);
    return t == null ? java.util.OptionalDouble.empty() : t.average();
  }

  public Served<ObjectNode> complete(List<String> candidates, Function<GatewayConfig.ModelConfig, ObjectNode> body) {
    return complete(candidates, body, a -> { });
  }

  /** A completion; {@code attempts} hears of every attempt as it ends (the audit record), failed calls included. */
  public Served<ObjectNode> complete(List<String> candidates, Function<GatewayConfig.ModelConfig, ObjectNode> body,
      Consumer<Attempt> attempts) {
    return call(candidates, (provider, model, timeout) -> provider.complete(body.apply(model), timeout), attempts);
  }

  /**
   * A completion for a caller who gets the answer unchanged but for its model (no response
   * rules): passed on as the upstream wrote it where its provider can ({@link UpstreamReply}).
   */
  public Served<UpstreamReply> completeReply(List<String> candidates,
      Function<GatewayConfig.ModelConfig, ObjectNode> body, Consumer<Attempt> attempts) {
    return call(candidates, (provider, model, timeout) -> provider.completeReply(body.apply(model), timeout), attempts);
  }

  public Served<ObjectNode> embeddings(List<String> candidates, Function<GatewayConfig.ModelConfig, ObjectNode> body) {
    return embeddings(candidates, body, a -> { });
  }

  public Served<ObjectNode> embeddings(List<String> candidates, Function<GatewayConfig.ModelConfig, ObjectNode> body,
      Consumer<Attempt> attempts) {
    return call(candidates, (provider, model, timeout) -> provider.embeddings(body.apply(model), timeout), attempts);
  }

  /**
   * Streams from the first candidate that succeeds; {@code chunks} receives every chunk of each
   * attempt. An attempt that fails before anything was sent to the caller ({@code committed}
   * still false) is retried or fails over like a call that was not streamed, so the receiver
   * must forget an attempt's chunks when {@code body} is asked for the next one; a failure
   * after something was sent ends the call with that error.
   */
  public Served<Void> stream(List<String> candidates, Function<GatewayConfig.ModelConfig, ObjectNode> body,
      Consumer<ObjectNode> chunks, BooleanSupplier committed) {
    return stream(candidates, body, chunks, committed, a -> { });
  }

  public Served<Void> stream(List<String> candidates, Function<GatewayConfig.ModelConfig, ObjectNode> body,
      Consumer<ObjectNode> chunks, BooleanSupplier committed, Consumer<Attempt> attempts) {
    return call(candidates, (provider, model, timeout) -> {
      try {
        provider.stream(body.apply(model), timeout, chunks);
      } catch (UpstreamException e) {
        if (committed.getAsBoolean()) {
          throw new Started(e);
        }
        throw e;
      }
      return null;
    }, attempts);
  }

  /** An error after part of a stream was sent to the caller: no retry, no failover. */
  static final class Started extends RuntimeException {
    final UpstreamException cause;

    Started(UpstreamException cause) {
      super(cause.getMessage(), null, false, false);
      this.cause = cause;
    }
  }

  private interface Call<T> {
    T run(Provider provider, GatewayConfig.ModelConfig model, Duration timeout) throws UpstreamException;
  }

  private <T> Served<T> call(List<String> candidates, Call<T> call, Consumer<Attempt> observer) {
    // every attempt is also told to the observer as it is noted (one place, four call sites below)
    List<Attempt> attempts = new ArrayList<>() {
      @Override
      public boolean add(Attempt a) {
        observer.accept(a);
        return super.add(a);
      }
    };
    UpstreamException last = null;
    boolean anyTried = false;
    for (String name : candidates) {
      GatewayConfig.ModelConfig model = models.get(name);
      if (model == null) {
        continue;
      }
      Provider provider = providers.get(model.provider()).orElse(null);
      if (provider == null) {
        continue;
      }
      CircuitBreaker breaker = breakers.computeIfAbsent(model.provider() + "/" + model.upstream(),
          k -> new CircuitBreaker(BREAKER_THRESHOLD, BREAKER_COOLDOWN, System::nanoTime));
      GatewayConfig.ProviderConfig pc = providers.config(model.provider());
      int retries = Math.max(0, pc.retries());
      for (int attempt = 0; attempt <= retries; attempt++) {
        if (!breaker.allow()) {
          attempts.add(new Attempt(name, model.provider(), 0, 0, "circuit open"));
          break;
        }
        anyTried = true;
        long t0 = System.nanoTime();
        try {
          T value = call.run(provider, model, pc.timeout());
          long micros = (System.nanoTime() - t0) / 1000;
          breaker.success();
          latency.computeIfAbsent(name, k -> new LatencyTracker()).record(micros / 1000.0);
          attempts.add(new Attempt(name, model.provider(), 200, micros, "ok"));
          return new Served<>(value, name, attempts);
        } catch (Started s) {
          breaker.failure();
          attempts.add(new Attempt(name, model.provider(), s.cause.status(), (System.nanoTime() - t0) / 1000,
              "failed mid-stream: " + s.cause.getMessage()));
          throw toApiError(s.cause);
        } catch (UpstreamException e) {
          last = e;
          attempts.add(new Attempt(name, model.provider(), e.status(), (System.nanoTime() - t0) / 1000,
              e.getMessage()));
          if (!e.retryable()) {
            // the request itself is wrong for this upstream: another model will not do better
            if (e.status() >= 400 && e.status() < 500 && e.status() != 401 && e.status() != 403) {
              throw toApiError(e);
            }
            breaker.failure();
            break;
          }
          breaker.failure();
          if (attempt < retries) {
            Duration wait = backoff(attempt);
            if (e.retryAfter().isPresent()) {
              if (e.retryAfter().get().compareTo(MAX_BACKOFF) > 0) {
                // the upstream asked for a longer pause than a request should wait: the next candidate
                break;
              }
              wait = e.retryAfter().get().compareTo(wait) > 0 ? e.retryAfter().get() : wait;
            }
            sleep(wait);
          }
        }
      }
    }
    if (!anyTried) {
      throw ApiError.unavailable("No upstream is available for this request (every candidate's circuit is open"
          + " or unconfigured); try again shortly.");
    }
    throw toApiError(Objects.requireNonNull(last));
  }

  /** Exponential backoff with jitter: half the base plus up to another half. */
  private static Duration backoff(int attempt) {
    long base = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << attempt);
    return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
  }

  private void sleep(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static ApiError toApiError(UpstreamException e) {
    if (e.timeout()) {
      return ApiError.upstream(504, "The model did not answer in time: " + e.getMessage());
    }
    int s = e.status();
    if (s == 429) {
      // the provider's own Retry-After, in whole seconds (at least 1), so clients back off as it asked
      long seconds = e.retryAfter().map(d -> Math.max(1, (d.toMillis() + 999) / 1000)).orElse(1L);
      return new ApiError(429, "rate_limit_error", "upstream_rate_limited",
          "The model's provider is rate limiting; try again shortly.", java.util.Optional.of(Long.toString(seconds)));
    }
    if (s >= 400 && s < 500 && s != 401 && s != 403) {
      return new ApiError(s, "invalid_request_error", "upstream_rejected", e.getMessage());
    }
    return ApiError.upstream(502, "The model's provider failed: " + e.getMessage());
  }

  /** An exponentially weighted average of a model's latency. */
  static final class LatencyTracker {
    private double average = -1;

    synchronized void record(double ms) {
      average = average < 0 ? ms : 0.8 * average + 0.2 * ms;
    }

    synchronized java.util.OptionalDouble average() {
      return average < 0 ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(average);
    }
  }
}
