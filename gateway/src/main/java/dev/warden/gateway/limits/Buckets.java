package dev.warden.gateway.limits;

import dev.warden.gateway.store.Redis;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Where the token buckets of the rate limits live: in this process (one replica), or in Redis
 * so every replica draws from the same buckets (Bucket4j's compare-and-swap over Lettuce; a
 * bucket's key is the Redis prefix, {@code ratelimit:} and {@link RateRule#bucketId()}, and it
 * expires once it would be full again).
 *
 * <p>Every bucket refills <em>intervally</em>: all {@code amount} tokens come back at once when
 * the window ends, none before. "N requests per minute" thus admits exactly N in a window that
 * starts with the bucket's first use, never N plus what a greedy refill would have added while
 * the window runs; a new window starts a minute after the previous one, not on the clock's
 * minute.
 */
public interface Buckets {
  /** The bucket of this rule, created full on first use. */
  RateBucket bucket(RateRule rule);

  /**
   * The configuration of a rule's bucket: {@code amount} tokens, all refilled at the end of each
   * window. Bucket4j refills at most one token per nanosecond, so an amount above the window's
   * nanoseconds (60 billion a minute: no limit in practice) is capped there.
   */
  static BucketConfiguration configuration(RateRule rule) {
    long amount = Math.min(rule.amount(), rule.window().toNanos());
    return BucketConfiguration.builder()
        .addLimit(Bandwidth.builder().capacity(amount).refillIntervally(amount, rule.window())
            .initialTokens(amount).build())
        .build();
  }

  /**
   * Buckets in this process. The rules come from keys and rule packs, not from callers, so the
   * map holds at most one bucket per configured subject and limit.
   */
  static Buckets inProcess(TimeMeter clock) {
    ConcurrentMap<String, RateBucket> buckets = new ConcurrentHashMap<>();
    return rule -> buckets.computeIfAbsent(rule.bucketId(), id -> RateBucket.local(
        Bucket.builder().withCustomTimePrecision(clock).addLimit(configuration(rule).getBandwidths()[0]).build()));
  }

  /** Buckets in Redis, shared by every replica using the same Redis and prefix. */
  static Buckets redis(Redis redis, TimeMeter clock, Duration timeout) {
    AsyncProxyManager<byte[]> proxies = Bucket4jLettuce.casBasedBuilder(redis.bytes())
        .clientClock(clock)
        .requestTimeout(timeout)
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
        .build()
        .asAsync();
    String prefix = redis.prefix() + "ratelimit:";
    ConcurrentMap<String, RateBucket> buckets = new ConcurrentHashMap<>();
    return rule -> buckets.computeIfAbsent(rule.bucketId(), id -> {
      CompletableFuture<BucketConfiguration> config = CompletableFuture.completedFuture(configuration(rule));
      // batching: the requests of this replica that meet on one bucket go to Redis as one
      // exact operation, so compare-and-swap retries happen only between replicas
      return RateBucket.remote(proxies.builder().withOptimization(Optimizations.batching())
          .build((prefix + id).getBytes(StandardCharsets.UTF_8), () -> config));
    });
  }
}
