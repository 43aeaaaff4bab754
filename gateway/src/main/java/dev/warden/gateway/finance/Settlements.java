package dev.warden.gateway.finance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The settlements of this replica written after their answer was sent, by one writer that
 * takes every settlement waiting and writes them together ({@link Writer#store}: one
 * transaction), then sends their counters' writes; until it is written a settlement is
 * <em>pending</em>. One writer means the settlements of a replica never wait on each other's row
 * locks in the store, and under load a batch grows instead of the statements in flight.
 *
 * <p>A settlement is registered before its answer leaves, so a reader that starts after the
 * answer always finds it. The budget facts of the next request see it without waiting for it
 * ({@link #read}): the counters' writes of settlements and the facts' reads are sent to the
 * counters in one order (under one lock, on one connection to Redis, which answers in that
 * order), and a read adds what the pending settlements whose write it was sent before add:
 * exact, never counted twice or missed. {@code /admin/spend} and {@code /admin/budgets} wait
 * for the pending settlements (at most {@link #WAIT}). Meanwhile the call's reservation still
 * holds its worst case in the counters and in {@code warden_reservations}, so no budget can be
 * overshot, and a crash before the write leaves the reservation to expire and be charged at its
 * estimate.
 *
 * <p>The writer is a platform thread of its own, so its batches (CPU work with an embedded
 * store) are time-sliced with the request threads rather than holding a virtual-thread carrier.
 *
 * <p>Past {@link #MAX_PENDING} settlements in flight a new one is written on the caller's
 * thread (the store is behind: the answer waits rather than the backlog growing). Closing waits
 * for the pending ones, so a graceful shutdown loses none.
 *
 * @param <S> a settlement, as the {@link Writer} writes it
 */
final class Settlements<S> implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("warden.finance");
  /** How long a reader waits for pending settlements before it reads anyway (the store is stuck). */
  static final Duration WAIT = Duration.ofSeconds(2);
  /** How long closing waits for the pending settlements. */
  static final Duration DRAIN = Duration.ofSeconds(10);
  static final int MAX_PENDING = 256;
  /** At most this many settlements in one transaction. */
  static final int MAX_BATCH = 64;

  /** How settlements are written: the store first (all of a batch at once), then each one's counters. */
  interface Writer<S> {
    /**
     * Writes the settlements to the store; for each, whether its counters are to be written
     * (false: it was charged already, or it failed and its reservation is left to expire).
     * Logs its own failures; never throws.
     */
    boolean[] store(List<S> batch);

    /** Sends one settlement's write to the counters (before it returns), done when the future is. */
    CompletableFuture<Void> counters(S settlement);
  }

  /**
   * One settlement in flight: what it adds to the spent of each budget counter
   * ({@link Hold#counter()}), and whether its write to the counters was sent (guarded by
   * {@link #order}).
   */
  private static final class Pending<S> {
    final S settlement;
    final Map<String, Long> adds;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    boolean sent;

    Pending(S settlement, Map<String, Long> adds) {
      this.settlement = settlement;
      this.adds = adds;
    }

    Set<String> counters() {
      return adds.keySet();
    }
  }

  /** A read of the counters, sent; {@code unsent}: what the pending settlements it was sent before add to each counter. */
  record Read<T>(CompletableFuture<T> answer, Map<String, Long> unsent) {}

  private final Writer<S> writer;
  /** Orders the counters' writes of settlements and the facts' reads (held while they are sent, not answered). */
  private final ReentrantLock order = new ReentrantLock();
  private final LinkedBlockingQueue<Pending<S>> queue = new LinkedBlockingQueue<>();
  private final Set<Pending<S>> pending = ConcurrentHashMap.newKeySet();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Thread thread;
  private boolean closed; // guarded by this

  Settlements(Writer<S> writer) {
    this.writer = writer;
    // a platform thread: with the embedded store a batch is CPU work that never blocks, and on a
    // virtual thread it held one of the few carriers the requests' virtual threads run on until
    // it ended; the system's scheduler shares the cores between it and them instead
    this.thread = Thread.ofPlatform().daemon().name("warden-settle").start(this::run);
  }

  /**
   * Writes a settlement after the answer, registered as pending until it is written;
   * {@code adds}: what it adds to the spent of each budget counter (zero for a counter it only
   * gives a reservation back on).
   */
  void submit(S settlement, Map<String, Long> adds) {
    Pending<S> p = new Pending<>(settlement, Map.copyOf(adds));
    synchronized (this) {
      if (!closed && inFlight.incrementAndGet() <= MAX_PENDING) {
        pending.add(p);
        queue.add(p);
        return;
      }
      if (!closed) {
        inFlight.decrementAndGet();
      }
    }
    write(List.of(p)); // before the answer: not pending
  }

  private void run() {
    List<Pending<S>> batch = new ArrayList<>(MAX_BATCH);
    while (true) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      try {
        write(batch);
      } finally {
        for (Pending<S> p : batch) {
          pending.remove(p);
          inFlight.decrementAndGet();
          p.done.complete(null);
        }
        batch.clear();
      }
    }
  }

  /** The store, then the counters (sent in order with the reads); waits for them. Never throws. */
  private void write(List<Pending<S>> batch) {
    List<S> items = new ArrayList<>(batch.size());
    for (Pending<S> p : batch) {
      items.add(p.settlement);
    }
    boolean[] stored;
    try {
      stored = writer.store(items);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "settlements could not be written; their reservations will be charged when"
          + " they expire", e);
      stored = new boolean[items.size()];
    }
    List<CompletableFuture<Void>> sent = new ArrayList<>(batch.size());
    order.lock();
    try {
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).sent = true;
        if (stored[i]) {
          sent.add(writer.counters(items.get(i)));
        }
      }
    } finally {
      order.unlock();
    }
    try {
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(System.Logger.Level.ERROR, "settlements written to the store could not be written to the budget"
          + " counters (they are rebuilt from the store once missing)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Sends a read of the counters ({@code read} must send it before it returns, on the connection
   * the settlements' writes use) and notes what the pending settlements whose write was not
   * sent yet add: the answer plus those is every settlement this replica answered, each once.
   */
  <T> Read<T> read(Supplier<CompletableFuture<T>> read) {
    order.lock();
    try {
      Map<String, Long> unsent = Map.of();
      for (Pending<S> p : pending) {
        if (!p.sent) {
          if (unsent.isEmpty()) {
            unsent = new HashMap<>();
          }
          for (Map.Entry<String, Long> e : p.adds.entrySet()) {
            unsent.merge(e.getKey(), e.getValue(), Long::sum);
          }
        }
      }
      return new Read<>(read.get(), unsent);
    } finally {
      order.unlock();
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

  private void await(Predicate<Pending<S>> which) {
    await(which, WAIT);
  }

  private void await(Predicate<Pending<S>> which, Duration max) {
    List<CompletableFuture<Void>> waits = new ArrayList<>();
    for (Pending<S> p : pending) {
      if (which.test(p)) {
        waits.add(p.done);
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
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    await(p -> true, DRAIN);
    thread.interrupt();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (pending() > 0) {
      LOG.log(System.Logger.Level.WARNING, pending() + " settlement(s) were not written before the shutdown; their"
          + " reservations will be charged at their estimate when they expire");
    }
  }
}
