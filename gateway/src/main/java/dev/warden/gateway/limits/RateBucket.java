package dev.warden.gateway.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One rate limit's token bucket, asked asynchronously so a request's buckets in Redis are asked
 * at once (one round trip's wait for all of them, not one each) and corrections after the answer
 * never hold it up. In process the answers are immediate.
 */
interface RateBucket {
  /** Takes {@code n} tokens if the bucket has them; the probe says what is left and how long to wait. */
  CompletableFuture<ConsumptionProbe> tryConsume(long n);

  /** Gives {@code n} tokens back (never past the bucket's capacity). */
  CompletableFuture<?> giveBack(long n);

  /** Takes {@code n} tokens whatever is left, below zero if need be. */
  CompletableFuture<?> take(long n);

  /** A bucket in this process. */
  static RateBucket local(Bucket b) {
    return new RateBucket() {
      @Override
      public CompletableFuture<ConsumptionProbe> tryConsume(long n) {
        return now(() -> b.tryConsumeAndReturnRemaining(n));
      }

      @Override
      public CompletableFuture<?> giveBack(long n) {
        return now(() -> {
          b.addTokens(n);
          return n;
        });
      }

      @Override
      public CompletableFuture<?> take(long n) {
        return now(() -> b.consumeIgnoringRateLimits(n));
      }
    };
  }

  /** A bucket in Redis. */
  static RateBucket remote(AsyncBucketProxy b) {
    return new RateBucket() {
      @Override
      public CompletableFuture<ConsumptionProbe> tryConsume(long n) {
        return call(() -> b.tryConsumeAndReturnRemaining(n));
      }

      @Override
      public CompletableFuture<?> giveBack(long n) {
        return call(() -> b.addTokens(n));
      }

      @Override
      public CompletableFuture<?> take(long n) {
        return call(() -> b.consumeIgnoringRateLimits(n));
      }
    };
  }

  private static <T> CompletableFuture<T> now(Supplier<T> s) {
    try {
      return CompletableFuture.completedFuture(s.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** A call that may also fail before it returns its future (a closed connection). */
  private static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> s) {
    try {
      return s.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
