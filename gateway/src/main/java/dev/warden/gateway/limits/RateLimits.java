package dev.warden.gateway.limits;

import dev.warden.dsl.model.Enums;
import dev.warden.engine.eval.Decision;
import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.config.Finance;
import dev.warden.gateway.config.GatewayConfig;
import io.github.bucket4j.ConsumptionProbe;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The rate limits of a request: its key's own ({@code keys[].limits}) and those the policy's
 * {@code limit} actions set for its key, user, team, tenant or app, the strictest where several
 * limit the same thing. A request takes 1 from every requests bucket and its token estimate
 * (prompt tokens plus {@code max_tokens}, or plus {@link #DEFAULT_OUTPUT_ESTIMATE} without it)
 * from every tokens bucket at admission; {@link Ticket#settle} corrects the tokens once the real
 * usage is known. Over a limit: 429 with Retry-After and the {@code x-ratelimit-*} headers;
 * buckets that cannot be reached (Redis down): 503, or no limits with {@code finance.fail_open}.
 *
 * <p>A request's buckets are asked at once; when one refuses, those that gave are given their
 * share back (a concurrent request may meanwhile have been refused by them: a limit errs on the
 * side of refusing, never of admitting more). A policy limit on a scope the caller has no value for (no
 * user, say) applies to the caller's own key, not to one bucket shared by every such caller: a limit
 * never silently stops applying, and one runaway caller does not starve the others.
 */
public final class RateLimits {
  private static final System.Logger LOG = System.getLogger("warden.limits");

  /** The answer length, in tokens, a tokens limit reserves for a request without {@code max_tokens}. */
  public static final long DEFAULT_OUTPUT_ESTIMATE = 1024;

  private final Buckets buckets;
  private final boolean failOpen;

  public RateLimits(Buckets buckets, boolean failOpen) {
    this.buckets = buckets;
    this.failOpen = failOpen;
  }

  /**
   * The limits on a request of {@code key}: the key's own and the decision's, one per scope,
   * subject, unit and window (the smallest amount), requests before tokens. A decision's limit
   * on a scope the caller has no value for applies to the caller's key.
   */
  public static List<RateRule> rules(GatewayConfig.KeyConfig key, List<Decision.Limit> policy) {
    Map<String, RateRule> out = new LinkedHashMap<>();
    for (Finance.RateLimit l : key.limits()) {
      strictest(out, new RateRule(Enums.Scope.KEY, key.id(), l.amount(), l.unit(), l.per()));
    }
    for (Decision.Limit l : policy) {
      String subject = l.subject() == null ? "" : l.subject();
      // a caller with no value for the scope (a key made without a user, say) is limited as its
      // own key, not in one bucket shared by every caller without one
      strictest(out, subject.isEmpty()
          ? new RateRule(Enums.Scope.KEY, key.id(), l.amount(), l.unit(), l.per())
          : new RateRule(l.scope(), subject, l.amount(), l.unit(), l.per()));
    }
    List<RateRule> rules = new ArrayList<>(out.values());
    rules.sort(Comparator.comparing(RateRule::unit));
    return List.copyOf(rules);
  }

  private static void strictest(Map<String, RateRule> out, RateRule r) {
    out.merge(r.sameThing(), r, (old, neu) -> neu.amount() < old.amount() ? neu : old);
  }

  /** The tokens a request is charged at admission: its prompt plus the answer it may get. */
  public static long estimate(long promptTokens, int maxTokens, boolean answers) {
    long answer = !answers ? 0 : maxTokens > 0 ? maxTokens : DEFAULT_OUTPUT_ESTIMATE;
    return Math.max(1, Math.max(0, promptTokens) + answer);
  }

  /** Admits a request of {@code key} under its own limits and those of the decision, charging {@code tokens} tokens. */
  public Ticket admit(GatewayConfig.KeyConfig key, Decision decision, long tokens) {
    return ask(key, decision, tokens).ticket();
  }

  /**
   * Asks a request's buckets without waiting for their answers, so the caller can do other
   * work that waits on a store (the budget reservation) meanwhile; {@link Asked#ticket()} then
   * waits for them.
   *
   * @throws ApiError 429 at once when the request asks more tokens than a limit ever allows
   */
  public Asked ask(GatewayConfig.KeyConfig key, Decision decision, long tokens) {
    return ask(rules(key, decision.limits()), tokens);
  }

  /**
   * Admits a request under {@code rules}, charging 1 request and {@code tokens} tokens.
   *
   * @throws ApiError 429 over a limit, 503 when the buckets cannot be reached (unless fail open)
   */
  public Ticket admit(List<RateRule> rules, long tokens) {
    return ask(rules, tokens).ticket();
  }

  /** {@link #admit(List, long)} without waiting for the buckets' answers. */
  public Asked ask(List<RateRule> rules, long tokens) {
    if (rules.isEmpty()) {
      return new Asked(rules, tokens, List.of(), List.of());
    }
    for (RateRule rule : rules) {
      if (rule.unit() == Enums.LimitUnit.TOKENS && tokens > rule.amount()) {
        throw ApiError.rateLimited("This request may use up to " + tokens + " tokens, more than the limit of "
            + rule.amount() + " tokens per " + word(rule.per()) + " (" + what(rule)
            + ") allows at all; lower max_tokens or shorten the prompt.", 1, Ticket.headers(List.of(), rule, null));
      }
    }
    // every bucket is asked at once; those that gave when another refused get their share back
    List<RateBucket> asked = new ArrayList<>(rules.size());
    List<CompletableFuture<ConsumptionProbe>> answers = new ArrayList<>(rules.size());
    for (RateRule rule : rules) {
      RateBucket bucket = buckets.bucket(rule);
      asked.add(bucket);
      answers.add(bucket.tryConsume(charge(rule, tokens)));
    }
    return new Asked(rules, tokens, asked, answers);
  }

  /** The buckets of a request, asked; their answers may still be on their way. */
  public final class Asked {
    private final List<RateRule> rules;
    private final long tokens;
    private final List<RateBucket> asked;
    private final List<CompletableFuture<ConsumptionProbe>> answers;
    private Ticket ticket;
    private RuntimeException refusal;

    private Asked(List<RateRule> rules, long tokens, List<RateBucket> asked,
        List<CompletableFuture<ConsumptionProbe>> answers) {
      this.rules = rules;
      this.tokens = tokens;
      this.asked = asked;
      this.answers = answers;
    }

    /**
     * Waits for the buckets' answers: what the request took, or (the same each time it is asked)
     * 429 over a limit, 503 when the buckets cannot be reached (unless fail open).
     */
    public synchronized Ticket ticket() {
      if (ticket == null && refusal == null) {
        try {
          ticket = collect();
        } catch (RuntimeException e) {
          refusal = e;
        }
      }
      if (refusal != null) {
        throw refusal;
      }
      return ticket;
    }

    private Ticket collect() {
      if (rules.isEmpty()) {
        return Ticket.NONE;
      }
      List<Ticket.Taken> taken = new ArrayList<>(rules.size());
      RuntimeException failure = null;
      int refused = -1;
      ConsumptionProbe refusal = null;
      for (int i = 0; i < rules.size(); i++) {
        try {
          ConsumptionProbe probe = answers.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS);
          if (probe.isConsumed()) {
            taken.add(new Ticket.Taken(rules.get(i), asked.get(i), charge(rules.get(i), tokens), probe));
          } else if (refused < 0) {
            refused = i;
            refusal = probe;
          }
        } catch (ExecutionException e) {
          failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
          failure = new IllegalStateException("no answer in " + WAIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failure = new IllegalStateException(e);
        }
      }
      if (failure != null) {
        giveBack(taken);
        LOG.log(System.Logger.Level.ERROR, "the rate limits cannot be checked", failure);
        if (failOpen) {
          return Ticket.NONE;
        }
        throw ApiError.unavailable("The rate limits cannot be checked right now (their store does not answer), so"
            + " the request is refused; retry shortly.");
      }
      if (refused >= 0) {
        giveBack(taken);
        RateRule rule = rules.get(refused);
        long wait = Math.max(1, (refusal.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        throw ApiError.rateLimited("Rate limit reached: " + rule.amount() + " " + word(rule.unit()) + " per "
            + word(rule.per()) + " (" + what(rule) + "). Retry after " + wait + " s.", wait,
            Ticket.headers(taken, rule, refusal));
      }
      return new Ticket(taken);
    }
  }

  /** How long a bucket may take to answer before the request is refused (Bucket4j's own timeout is shorter). */
  private static final long WAIT_SECONDS = 5;

  private static long charge(RateRule rule, long tokens) {
    return rule.unit() == Enums.LimitUnit.REQUESTS ? 1 : Math.max(1, tokens);
  }

  /** Gives back what was taken and waits for it (a refusal is rare; its headers then hold). */
  private static void giveBack(List<Ticket.Taken> taken) {
    List<CompletableFuture<?>> back = new ArrayList<>(taken.size());
    for (Ticket.Taken t : taken) {
      back.add(t.bucket().giveBack(t.charged()));
    }
    try {
      CompletableFuture.allOf(back.toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(System.Logger.Level.WARNING, "a rate limit bucket could not be given back its tokens", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The limited thing as the caller may read it: its scope, not the subject (a user or team name). */
  private static String what(RateRule r) {
    return "per " + r.scope().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String word(Enum<?> e) {
    return e.name().toLowerCase(java.util.Locale.ROOT);
  }
}
