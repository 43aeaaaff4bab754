package dev.warden.gateway.finance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Settlements written after the answer by one writer: those that wait together are written
 * together, the budget facts count the pending ones without waiting (in order with their
 * writes), a reader that waits waits for the pending settlements of its budgets only, and
 * closing writes every pending one.
 */
class SettlementsTest {
  /** A writer whose store holds every batch until {@link #store} is counted down; it notes what reaches it. */
  static final class Recording implements Settlements.Writer<String> {
    final CountDownLatch store = new CountDownLatch(1);
    final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    final List<String> counters = Collections.synchronizedList(new ArrayList<>());

    @Override
    public boolean[] store(List<String> batch) {
      try {
        store.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      batches.add(List.copyOf(batch));
      boolean[] all = new boolean[batch.size()];
      java.util.Arrays.fill(all, true);
      return all;
    }

    @Override
    public CompletableFuture<Void> counters(String settlement) {
      counters.add("settle " + settlement);
      return CompletableFuture.completedFuture(null);
    }
  }

  /**
   * A read sent while a settlement's write is not sent yet adds what it adds; one sent after it
   * does not (the counters have it): neither waits, and the counters see reads and writes in the
   * order they were sent.
   */
  @Test
  void aReadCountsThePendingSettlementsWhoseWriteItPrecedesWithoutWaiting() throws Exception {
    Recording w = new Recording();
    Settlements<String> s = new Settlements<>(w);
    s.submit("req-1", Map.of("team:eng:1", 28L, "tenant:acme:1", 28L));
    Settlements.Read<String> before = s.read(() -> {
      w.counters.add("read-1");
      return CompletableFuture.completedFuture("spent");
    });
    assertEquals(Map.of("team:eng:1", 28L, "tenant:acme:1", 28L), before.unsent(), "counted, not waited for");
    assertEquals(1, s.pending());
    w.store.countDown();
    s.awaitAll();
    Settlements.Read<String> after = s.read(() -> {
      w.counters.add("read-2");
      return CompletableFuture.completedFuture("spent");
    });
    assertEquals(Map.of(), after.unsent(), "the counters have it: not counted twice");
    assertEquals(List.of("read-1", "settle req-1", "read-2"), w.counters);
    s.close();
  }

  /**
   * The writer is not a virtual thread: a batch written to the embedded store is CPU work that
   * never blocks, and on a virtual thread it would hold one of the carriers the requests run on.
   */
  @Test
  void settlementsAreWrittenOnAPlatformThreadOfTheirOwn() throws Exception {
    List<Thread> writers = Collections.synchronizedList(new ArrayList<>());
    Settlements<String> s = new Settlements<>(new Settlements.Writer<>() {
      @Override
      public boolean[] store(List<String> batch) {
        writers.add(Thread.currentThread());
        return new boolean[batch.size()];
      }

      @Override
      public CompletableFuture<Void> counters(String settlement) {
        return CompletableFuture.completedFuture(null);
      }
    });
    s.submit("req-1", Map.of());
    s.awaitAll();
    s.close();
    assertEquals(1, writers.size());
    assertFalse(writers.getFirst().isVirtual());
    assertEquals("warden-settle", writers.getFirst().getName());
    assertTrue(writers.getFirst().isDaemon());
  }

  /** Settlements that wait while the store writes others are written together, in one batch. */
  @Test
  void settlementsThatWaitTogetherAreWrittenTogether() throws Exception {
    Recording w = new Recording();
    Settlements<String> s = new Settlements<>(w);
    s.submit("req-1", Map.of());
    Thread.sleep(50); // the writer took req-1; the store holds it
    for (int i = 2; i <= 6; i++) {
      s.submit("req-" + i, Map.of());
    }
    w.store.countDown();
    s.awaitAll();
    assertEquals(List.of(List.of("req-1"), List.of("req-2", "req-3", "req-4", "req-5", "req-6")), w.batches);
    assertEquals(0, s.pending());
    s.close();
  }

  @Test
  void aReaderWaitsForThePendingSettlementsOfWhatItReadsAndNoOthers() throws Exception {
    Recording w = new Recording();
    Settlements<String> s = new Settlements<>(w);
    s.submit("req-1", Map.of("team:eng:1", 0L));
    assertEquals(1, s.pending());
    // another budget's reader does not wait
    s.awaitCounters(Set.of("team:ops:1"));
    assertTrue(w.batches.isEmpty());
    CompletableFuture<Boolean> reader = CompletableFuture.supplyAsync(() -> {
      s.awaitCounters(Set.of("tenant:acme:1", "team:eng:1"));
      return !w.batches.isEmpty();
    });
    Thread.sleep(50);
    assertFalse(reader.isDone(), "the reader waits while the settlement is pending");
    w.store.countDown();
    assertTrue(reader.get(5, TimeUnit.SECONDS), "the reader saw the settlement written");
    assertEquals(0, s.pending());
    s.close();
  }

  @Test
  void closingWritesThePendingSettlementsAndLaterOnesAreWrittenAtOnce() {
    Recording w = new Recording();
    Settlements<String> s = new Settlements<>(w);
    s.submit("req-1", Map.of());
    Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      w.store.countDown();
    });
    s.close();
    assertEquals(List.of(List.of("req-1")), w.batches, "drained before close returned");
    s.submit("late", Map.of());
    assertEquals(List.of(List.of("req-1"), List.of("late")), w.batches,
        "after close a settlement is written on the caller's thread");
  }
}
