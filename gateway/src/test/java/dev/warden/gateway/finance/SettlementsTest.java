package dev.warden.gateway.finance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Settlements written after the answer: a reader of a budget adds what the pending settlements
 * of that budget add until the counters hold it, and closing writes every pending one.
 */
class SettlementsTest {
  @Test
  void whatAPendingSettlementAddsIsReadUntilTheCountersHoldIt() throws Exception {
    Settlements s = new Settlements();
    CountDownLatch store = new CountDownLatch(1);
    CountDownLatch countedNow = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    s.submit(Map.of("team:eng:1", 5L, "tenant:acme:1", 5L), counted -> {
      try {
        store.await();
        counted.run(); // the counters hold it now
        countedNow.countDown();
        finish.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertEquals(1, s.pending());
    assertEquals(5, s.unwritten("team:eng:1"));
    assertEquals(5, s.unwritten("tenant:acme:1"));
    assertEquals(0, s.unwritten("team:ops:1"), "another budget's reader adds nothing");
    store.countDown();
    assertTrue(countedNow.await(5, TimeUnit.SECONDS));
    assertEquals(0, s.unwritten("team:eng:1"), "counted once: by the counters, no longer here");
    assertEquals(1, s.pending(), "still pending for the readers that wait for the writes");
    finish.countDown();
    s.awaitAll();
    assertEquals(0, s.pending());
    s.close();
  }

  @Test
  void closingWritesThePendingSettlementsAndLaterOnesAreWrittenAtOnce() {
    Settlements s = new Settlements();
    AtomicBoolean first = new AtomicBoolean();
    s.submit(Map.of(), counted -> {
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
    s.submit(Map.of(), counted -> late.set(true));
    assertTrue(late.get(), "after close a settlement is written on the caller's thread");
  }
}
