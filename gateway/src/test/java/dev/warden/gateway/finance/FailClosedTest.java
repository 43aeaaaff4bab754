package dev.warden.gateway.finance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.dsl.model.Enums;
import dev.warden.engine.facts.Budgets;
import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.config.Finance;
import dev.warden.gateway.store.Redis;
import dev.warden.gateway.store.Store;
import dev.warden.gateway.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A store or Redis that cannot be reached refuses requests with 503, or with finance.fail_open serves them unbudgeted. */
class FailClosedTest {
  final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T10:30:00Z"));
  final List<Finance.Budget> budgets = List.of(
      LedgerTest.budget(Enums.Scope.TEAM, "eng", "1", Finance.Period.DAILY, 100.0));

  Meter meter(Store store, boolean failOpen) {
    return Meter.create(store, Optional.empty(), new Finance(Optional.empty(), Optional.empty(), budgets,
        Duration.ofMinutes(10), failOpen), clock, LedgerTest.AUCKLAND);
  }

  Reservation reserve(Meter m) {
    return m.reserve("req-1", LedgerTest.ALICE, 100, OptionalInt.of(10), List.of(LedgerTest.MODEL),
        LedgerTest.record("req-1"));
  }

  @Test
  void aStoreThatCannotBeReachedRefusesWith503() {
    Store store = Store.open(Optional.empty());
    Meter m = meter(store, false);
    store.close();
    ApiError e = assertThrows(ApiError.class, () -> m.facts(LedgerTest.ALICE));
    assertEquals(503, e.status());
    assertTrue(e.getMessage().contains("fail_open"), e.getMessage());
    assertEquals(503, assertThrows(ApiError.class, () -> reserve(m)).status());
  }

  @Test
  void withFailOpenTheRequestIsServedWithoutBudgets() {
    Store store = Store.open(Optional.empty());
    Meter m = meter(store, true);
    store.close();
    assertEquals(Budgets.NONE, m.facts(LedgerTest.ALICE));
    Reservation r = reserve(m);
    assertFalse(r.stored());
    assertTrue(r.holds().isEmpty());
  }

  @Test
  void aRedisThatCannotBeReachedRefusesWith503() {
    String prefix = "warden-test-b:failclosed:" + ProcessHandle.current().pid() + ":";
    try (Store store = Store.open(Optional.empty())) {
      Redis redis = Redis.connect("redis://127.0.0.1:6379", prefix);
      Ledger ledger = new Ledger(store, LedgerTest.AUCKLAND);
      BudgetBook book = new BudgetBook(store, clock, Duration.ofSeconds(1));
      book.syncConfig(budgets);
      Meter m = new Meter(book, ledger, new RedisCounters(redis, ledger::counter), clock, LedgerTest.AUCKLAND,
          Duration.ofMinutes(10), false);
      // it works while Redis answers
      assertTrue(m.facts(LedgerTest.ALICE).team().set());
      m.settle(reserve(m), new Charge("m", "m", "chat", java.util.Map.of(), 100, 10, 0, 280_000, false, "settled"),
          LedgerTest.record("req-1"));
      m.settled();
      List<String> keys = redis.strings().sync().keys(prefix + "*");
      redis.strings().sync().del(keys.toArray(String[]::new));
      redis.close();
      assertEquals(503, assertThrows(ApiError.class, () -> m.facts(LedgerTest.ALICE)).status());
      assertEquals(503, assertThrows(ApiError.class, () -> reserve(m)).status());
    }
  }
}
