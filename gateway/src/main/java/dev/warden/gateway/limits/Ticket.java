package dev.warden.gateway.limits;

import dev.warden.dsl.model.Enums;
import io.github.bucket4j.ConsumptionProbe;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a request took from its rate limit buckets: the {@code x-ratelimit-*} headers its answer
 * carries, and the tokens to correct once its real usage is known ({@link #settle}).
 */
public final class Ticket {
  private static final System.Logger LOG = System.getLogger("warden.limits");

  /** No limit applies. */
  public static final Ticket NONE = new Ticket(List.of());

  /** One bucket taken from: the rule, the bucket, what was charged and what it answered. */
  record Taken(RateRule rule, RateBucket bucket, long charged, ConsumptionProbe probe) {}

  private final List<Taken> taken;
  private final Map<String, String> headers;
  private final AtomicBoolean settled = new AtomicBoolean();

  Ticket(List<Taken> taken) {
    this.taken = List.copyOf(taken);
    this.headers = headers(this.taken, null, null);
  }

  /**
   * The {@code x-ratelimit-*} headers OpenAI clients read, for requests and for tokens: the limit
   * closest to refusing (least remaining) of each, its remaining count and the time until its
   * window starts again ({@code 1m0s}, {@code 59s}, {@code 250ms}). Empty when no limit applies.
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * The answer used {@code actualTokens} (prompt plus completion): what was charged beyond it is
   * given back to the tokens buckets, what it used beyond the charge is taken (even below zero,
   * so the next requests wait for it). Once only. The corrections run in the background (Redis:
   * the answer does not wait for them); their failures are logged, not thrown (the answer is
   * already served). The future completes when they are done.
   */
  public CompletableFuture<Void> settle(long actualTokens) {
    if (!settled.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(null);
    }
    List<CompletableFuture<?>> corrections = new java.util.ArrayList<>();
    for (Taken t : taken) {
      if (t.rule().unit() != Enums.LimitUnit.TOKENS) {
        continue;
      }
      long diff = t.charged() - Math.max(0, actualTokens);
      if (diff != 0) {
        corrections.add((diff > 0 ? t.bucket().giveBack(diff) : t.bucket().take(-diff)).whenComplete((ok, e) -> {
          if (e != null) {
            LOG.log(System.Logger.Level.WARNING, "a tokens limit could not be corrected after the answer", e);
          }
        }).exceptionally(e -> null));
      }
    }
    return CompletableFuture.allOf(corrections.toArray(CompletableFuture[]::new));
  }

  /** No answer came (the upstream failed): every token charged is given back; the request still counts. */
  public CompletableFuture<Void> release() {
    return settle(0);
  }

  /**
   * The headers for what was taken and, on a refusal, the rule that refused and what its
   * bucket answered ({@code probe} null: the request asked more than the rule ever allows); on a
   * refusal what was taken has been given back.
   */
  static Map<String, String> headers(List<Taken> taken, RateRule refused, ConsumptionProbe probe) {
    boolean givenBack = refused != null;
    Map<String, String> out = new LinkedHashMap<>();
    for (Enums.LimitUnit unit : Enums.LimitUnit.values()) {
      String suffix = unit == Enums.LimitUnit.REQUESTS ? "requests" : "tokens";
      long limit = -1;
      long remaining = Long.MAX_VALUE;
      long reset = 0;
      if (refused != null && refused.unit() == unit) {
        limit = refused.amount();
        remaining = probe == null ? 0 : Math.max(0, probe.getRemainingTokens());
        reset = probe == null ? refused.window().toNanos() : probe.getNanosToWaitForReset();
      }
      for (Taken t : taken) {
        long left = Math.min(t.rule().amount(), t.probe().getRemainingTokens() + (givenBack ? t.charged() : 0));
        if (t.rule().unit() == unit && (limit < 0 || left < remaining)) {
          limit = t.rule().amount();
          remaining = Math.max(0, left);
          reset = t.probe().getNanosToWaitForReset();
        }
      }
      if (limit >= 0) {
        out.put("x-ratelimit-limit-" + suffix, Long.toString(limit));
        out.put("x-ratelimit-remaining-" + suffix, Long.toString(remaining));
        out.put("x-ratelimit-reset-" + suffix, duration(reset));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** A duration as OpenAI writes its reset headers: {@code 250ms}, {@code 59s}, {@code 1m0s}, {@code 23h59m59s}. */
  static String duration(long nanos) {
    if (nanos <= 0) {
      return "0s";
    }
    if (nanos < 1_000_000_000L) {
      return Math.max(1, (nanos + 999_999) / 1_000_000) + "ms";
    }
    long s = (nanos + 999_999_999L) / 1_000_000_000L;
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    if (h > 0) {
      return h + "h" + m + "m" + sec + "s";
    }
    return m > 0 ? m + "m" + sec + "s" : sec + "s";
  }
}
