package dev.warden.gateway.finance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Settlements written after the answer: a reader of a budget waits for the pending settlements
 * of that budget only, and closing writes every pending one.
 */
class SettlementsTest {
  @Test
  void aReaderWaitsForThePendingSettlementsOfWhatItReadsAndNoOthers() throws Exception {
    Settlements s = new Settlements();
    CountDownLatch store = new CountDownLatch(1);
    AtomicBoolean written = new AtomicBoolean();
    s.submit(Set.of("team:eng:1"), () -> {
      try {
        store.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      written.set(true);
    });
    assertEquals(1, s.pending());
    // another budget's reader does not wait
    s.awaitCounters(Set.of("team:ops:1"));
    assertFalse(written.get());
    CompletableFuture<Boolean> reader = CompletableFuture.supplyAsync(() -> {
      s.awaitCounters(Set.of("tenant:acme:1", "team:eng:1"));
      return written.get();
    });
    Thread.sleep(50);
    assertFalse(reader.isDone(), "the reader waits while the settlement is pending");
    store.countDown();
    assertTrue(reader.get(5, TimeUnit.SECONDS), "the reader saw the settlement written");
    assertEquals(0, s.pending());
    s.close();
  }

  @Test
  void closingWritesThePendingSettlementsAndLaterOnesAreWrittenAtOnce() {
    Settlements s = new Settlements();
    AtomicBoolean first = new AtomicBoolean();
    s.submit(Set.of(), () -> {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      first.set(true);
    });
    s.close();
    assertTrue(first.get(), "drained before close returned");
    AtomicBoolean late = new AtomicBoolean();
    s.submit(Set.of(), () -> late.set(true));
    assertTrue(late.get(), "after close a settlement is written on the caller's thread");
  }
}
