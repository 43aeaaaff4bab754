package dev.warden.gateway.finance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The settlements of this replica written after their answer was sent: each runs on a virtual
 * thread of its own, and until it is written it is <em>pending</em>. Readers that must not miss
 * an answered call (the budget facts of the next request, {@code /admin/spend},
 * {@code /admin/budgets}) wait for the pending settlements that touch what they read, at most
 * {@link #WAIT}; a settlement is registered before its answer leaves, so a reader that starts
 * after the answer always finds it. Meanwhile the call's reservation still holds its worst case
 * in the counters and in {@code warden_reservations}, so no budget can be overshot, and a crash
 * before the write leaves the reservation to expire and be charged at its estimate.
 *
 * <p>Past {@link #MAX_PENDING} settlements in flight a new one is written on the caller's
 * thread (the store is behind: the answer waits rather than the backlog growing). Closing waits
 * for the pending ones, so a graceful shutdown loses none.
 */
final class Settlements implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("warden.finance");
  /** How long a reader waits for pending settlements before it reads anyway (the store is stuck). */
  static final Duration WAIT = Duration.ofSeconds(2);
  /** How long closing waits for the pending settlements. */
  static final Duration DRAIN = Duration.ofSeconds(10);
  static final int MAX_PENDING = 256;

  /** One settlement in flight: the budget counters ({@link Hold#counter()}) it changes. */
  private record Pending(Set<String> counters, CompletableFuture<Void> done) {}

  private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("warden-settle").factory());
  private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * Writes a settlement after the answer: {@code write} runs on a virtual thread, registered as
   * pending on {@code counters} until it returns. It must not throw (it logs its own failures).
   */
  void submit(Set<String> counters, Runnable write) {
    if (inFlight.incrementAndGet() > MAX_PENDING) {
      inFlight.decrementAndGet();
      write.run();
      return;
    }
    Pending p = new Pending(Set.copyOf(counters), new CompletableFuture<>());
    pending.add(p);
    Runnable task = () -> {
      try {
        write.run();
      } finally {
        pending.remove(p);
        inFlight.decrementAndGet();
        p.done().complete(null);
      }
    };
    try {
      executor.execute(task);
    } catch (RejectedExecutionException closing) {
      task.run();
    }
  }

  /** Waits for the pending settlements that change any of these counters. */
  void awaitCounters(Set<String> counters) {
    if (!pending.isEmpty()) {
      await(p -> p.counters().stream().anyMatch(counters::contains));
    }
  }

  /** Waits for every pending settlement. */
  void awaitAll() {
    if (!pending.isEmpty()) {
      await(p -> true);
    }
  }

  /** How many settlements are pending now. */
  int pending() {
    return inFlight.get();
  }

  private void await(Predicate<Pending> which) {
    await(which, WAIT);
  }

  private void await(Predicate<Pending> which, Duration max) {
    List<CompletableFuture<Void>> waits = new ArrayList<>();
    for (Pending p : pending) {
      if (which.test(p)) {
        waits.add(p.done());
      }
    }
    if (waits.isEmpty()) {
      return;
    }
    try {
      CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(max.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.log(System.Logger.Level.WARNING, "settlements still pending after " + max.toMillis() + " ms: read without"
          + " them");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops taking settlements (later ones are written on the caller's thread) and waits for the pending ones. */
  @Override
  public void close() {
    executor.shutdown();
    await(p -> true, DRAIN);
    try {
      if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
        LOG.log(System.Logger.Level.WARNING, pending() + " settlement(s) were not written before the shutdown; their"
            + " reservations will be charged at their estimate when they expire");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
