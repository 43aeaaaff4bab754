package dev.warden.gateway.providers;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One upstream's circuit: after {@code threshold} consecutive failures it opens and calls are
 * skipped (the next fallback is tried) for {@code cooldown}; then one trial call is let through
 * (half-open), and its outcome closes or reopens the circuit.
 */
public final class CircuitBreaker {
  private final int threshold;
  private final long cooldownNanos;
  private final LongSupplier clock;
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicLong openedAt = new AtomicLong(-1);
  private final AtomicLong trialAt = new AtomicLong(-1);

  public CircuitBreaker(int threshold, Duration cooldown, LongSupplier nanoClock) {
    this.threshold = threshold;
    this.cooldownNanos = cooldown.toNanos();
    this.clock = nanoClock;
  }

  /** Whether a call may go through now. */
  public boolean allow() {
    long opened = openedAt.get();
    if (opened < 0) {
      return true;
    }
    long now = clock.getAsLong();
    if (now - opened < cooldownNanos) {
      return false;
    }
    long trial = trialAt.get();
    // one trial at a time; a trial that never reported back is retried after another cooldown
    return (trial < 0 || now - trial >= cooldownNanos) && trialAt.compareAndSet(trial, now);
  }

  public void success() {
    failures.set(0);
    openedAt.set(-1);
    trialAt.set(-1);
  }

  public void failure() {
    if (failures.incrementAndGet() >= threshold || openedAt.get() >= 0) {
      openedAt.set(clock.getAsLong());
      trialAt.set(-1);
    }
  }

  public boolean isOpen() {
    return openedAt.get() >= 0;
  }
}
