package dev.warden.gateway.limits;

import dev.warden.dsl.model.Enums;
import dev.warden.engine.eval.Decision;
import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.config.Finance;
import dev.warden.gateway.config.GatewayConfig;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rate limits of a request: its key's own ({@code keys[].limits}) and those the policy's
 * {@code limit} actions set for its key, user, team, tenant or app, the strictest where several
 * limit the same thing. A request takes 1 from every requests bucket and its token estimate
 * (prompt tokens plus {@code max_tokens}, or plus {@link #DEFAULT_OUTPUT_ESTIMATE} without it)
 * from every tokens bucket at admission; {@link Ticket#settle} corrects the tokens once the real
 * usage is known. Over a limit: 429 with Retry-After and the {@code x-ratelimit-*} headers;
 * buckets that cannot be reached (Redis down): 503, or no limits with {@code finance.fail_open}.
 *
 * <p>Several buckets are taken one after the other (requests before tokens); when one refuses,
 * those already taken are given back. A caller with no value for a scope (no team, say) shares
 * that scope's bucket with every other such caller: a limit never silently stops applying.
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
   * subject, unit and window (the smallest amount), requests before tokens.
   */
  public static List<RateRule> rules(GatewayConfig.KeyConfig key, List<Decision.Limit> policy) {
    Map<String, RateRule> out = new LinkedHashMap<>();
    for (Finance.RateLimit l : key.limits()) {
      strictest(out, new RateRule(Enums.Scope.KEY, key.id(), l.amount(), l.unit(), l.per()));
    }
    for (Decision.Limit l : policy) {
      strictest(out, new RateRule(l.scope(), l.subject() == null ? "" : l.subject(), l.amount(), l.unit(), l.per()));
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
    return admit(rules(key, decision.limits()), tokens);
  }

  /**
   * Admits a request under {@code rules}, charging 1 request and {@code tokens} tokens.
   *
   * @throws ApiError 429 over a limit, 503 when the buckets cannot be reached (unless fail open)
   */
  public Ticket admit(List<RateRule> rules, long tokens) {
    if (rules.isEmpty()) {
      return Ticket.NONE;
    }
    List<Ticket.Taken> taken = new ArrayList<>(rules.size());
    try {
      for (RateRule rule : rules) {
        long n = rule.unit() == Enums.LimitUnit.REQUESTS ? 1 : tokens;
        if (n > rule.amount()) {
          giveBack(taken);
          throw ApiError.rateLimited("This request may use up to " + n + " tokens, more than the limit of "
              + rule.amount() + " tokens per " + word(rule.per()) + " (" + what(rule)
              + ") allows at all; lower max_tokens or shorten the prompt.", 1, Ticket.headers(taken, rule, null));
        }
        Bucket bucket = buckets.bucket(rule);
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(n);
        if (!probe.isConsumed()) {
          giveBack(taken);
          long wait = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
          throw ApiError.rateLimited("Rate limit reached: " + rule.amount() + " " + word(rule.unit()) + " per "
              + word(rule.per()) + " (" + what(rule) + "). Retry after " + wait + " s.", wait,
              Ticket.headers(taken, rule, probe));
        }
        taken.add(new Ticket.Taken(rule, bucket, n, probe));
      }
    } catch (ApiError e) {
      throw e;
    } catch (RuntimeException e) {
      giveBack(taken);
      LOG.log(System.Logger.Level.ERROR, "the rate limits cannot be checked", e);
      if (failOpen) {
        return Ticket.NONE;
      }
      throw ApiError.unavailable("The rate limits cannot be checked right now (their store does not answer), so the"
          + " request is refused; retry shortly.");
    }
    return new Ticket(taken);
  }

  private static void giveBack(List<Ticket.Taken> taken) {
    for (Ticket.Taken t : taken) {
      try {
        t.bucket().addTokens(t.charged());
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a rate limit bucket could not be given back its tokens", e);
      }
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
