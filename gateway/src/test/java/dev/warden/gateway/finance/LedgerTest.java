package dev.warden.gateway.finance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.dsl.model.Enums;
import dev.warden.dsl.model.ModelSpec;
import dev.warden.engine.facts.Budgets;
import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.audit.RequestRecord;
import dev.warden.gateway.config.Finance;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.store.Store;
import dev.warden.gateway.testing.ManualClock;
import dev.warden.gateway.testing.SharedStores;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reservations, settlement, release, period rollover and the expiry sweep, on H2 with counters in process. */
class LedgerTest {
  static final ZoneId AUCKLAND = ZoneId.of("Pacific/Auckland");
  static final GatewayConfig.KeyConfig ALICE = new GatewayConfig.KeyConfig("k-alice", "0".repeat(64), "alice", "eng",
      "acme", "app1", "us", "test", List.of(), List.of());
  /** $2 in, $8 out per million tokens: 1,000 prompt tokens cost 2,000,000 nano-USD. */
  static final ModelSpec MODEL = new ModelSpec("m", "p", "us", "premium", List.of(), 2, 8, 8000);

  // 2026-12-07 23:30 in Auckland (UTC+13 in summer): the day there ends in 30 minutes
  final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T10:30:00Z"));
  Store store;
  Meter meter;

  /** The store the tests run on: H2 in memory here. */
  Store openStore() {
    return Store.open(Optional.empty());
  }

  @BeforeEach
  void open() {
    store = openStore();
    meter = meter(List.of(
        budget(Enums.Scope.TEAM, "eng", "0.01", Finance.Period.DAILY, 100.0),
        budget(Enums.Scope.TENANT, "acme", "1", Finance.Period.MONTHLY, null)));
  }

  @AfterEach
  void close() throws Exception {
    meter.close();
    store.close();
  }

  Meter meter(List<Finance.Budget> budgets) {
    return Meter.create(store, redis(), new Finance(Optional.empty(), Optional.empty(), budgets,
        Duration.ofMinutes(10), false), clock, AUCKLAND);
  }

  /** Where the counters are: in this process here. */
  Optional<dev.warden.gateway.store.Redis> redis() {
    return Optional.empty();
  }

  static Finance.Budget budget(Enums.Scope scope, String subject, String usd, Finance.Period period, Double cap) {
    return new Finance.Budget(scope, subject, new BigDecimal(usd), period, Optional.ofNullable(cap));
  }

  static RequestRecord record(String id) {
    return new RequestRecord(id, Instant.EPOCH, System.nanoTime(), "/v1/chat/completions");
  }

  Reservation reserve(String id, long promptTokens, int maxTokens) {
    return meter.reserve(id, ALICE, promptTokens, OptionalInt.of(maxTokens), List.of(MODEL), record(id));
  }

  Charge charge(long prompt, long completion) {
    return new Charge("m", "m", "chat", Map.of("cost-center", "eng"), prompt, completion, 0,
        Meter.cost(MODEL, new Usage(prompt, completion, 0, false)), false, "settled");
  }

  long scalar(String sql) throws Exception {
    meter.settled(); // settlements are written just after their answer
    try (Connection c = store.data().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  @Test
  void trimmingKeepsTheNewestSpendRowsAndBudgetsStayExact() throws Exception {
    // the sweep trims the in-memory store (a gateway without one configured) to Meter.IN_MEMORY_SPEND_ROWS
    for (int i = 0; i < 6; i++) {
      clock.advance(Duration.ofSeconds(1));
      meter.settle(reserve("req-" + i, 10, 10), charge(10, 10), record("req-" + i));
    }
    long team = scalar("SELECT spent_nanousd FROM warden_budget_usage WHERE scope = 'team' AND subject = 'eng'");
    assertEquals(2, meter.ledger().trimSpend(4, 0), "the two oldest");
    assertEquals(0, meter.ledger().trimSpend(4, 0));
    assertEquals(4, scalar("SELECT COUNT(*) FROM warden_spend"));
    assertEquals(0, scalar("SELECT COUNT(*) FROM warden_spend WHERE request_id = 'req-0'"));
    assertEquals(1, scalar("SELECT COUNT(*) FROM warden_spend WHERE request_id = 'req-5'"));
    assertEquals(team, scalar("SELECT spent_nanousd FROM warden_budget_usage WHERE scope = 'team' AND subject = 'eng'"),
        "budgets do not read the spend rows");
  }

  /**
   * Trimming is amortized: nothing while the rows are within the bound, then down to the bound
   * less the margin, so the next trims wait for another margin of calls.
   */
  @Test
  void trimmingWaitsForTheBoundThenKeepsTheNewestLessTheMargin() throws Exception {
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(1));
      meter.settle(reserve("req-" + i, 10, 10), charge(10, 10), record("req-" + i));
      meter.settled();
      if (i < 6) {
        assertEquals(0, meter.ledger().trimSpend(6, 3), "within the bound after call " + i);
      }
    }
    assertEquals(7, meter.ledger().trimSpend(6, 3), "down to the newest three");
    assertEquals(3, scalar("SELECT COUNT(*) FROM warden_spend"));
    assertEquals(3, scalar("SELECT COUNT(*) FROM warden_spend WHERE request_id IN ('req-7', 'req-8', 'req-9')"));
    for (int i = 10; i < 13; i++) {
      clock.advance(Duration.ofSeconds(1));
      meter.settle(reserve("req-" + i, 10, 10), charge(10, 10), record("req-" + i));
    }
    meter.settled();
    assertEquals(0, meter.ledger().trimSpend(6, 3), "six rows: within the bound again");
    assertThrows(IllegalArgumentException.class, () -> meter.ledger().trimSpend(6, 7));
    assertThrows(IllegalArgumentException.class, () -> meter.ledger().trimSpend(6, -1));
  }

  /**
   * The sweep of the in-memory store trims by the gateway's bound and margin; a store that keeps
   * its rows (PostgreSQL here, in the subclasses) keeps every one of them past the bound.
   */
  @Test
  void theSweepTrimsTheInMemoryStoreOnlyPastItsBound() throws Exception {
    int rows = Meter.IN_MEMORY_SPEND_ROWS + (store.inMemory() ? 0 : 1);
    try (Connection c = store.data().getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate(store.postgres()
          ? "INSERT INTO warden_spend (request_id, occurred_at, key_id, model, input_tokens, output_tokens,"
              + " cost_nanousd, estimated, outcome) SELECT 'old-' || X, TIMESTAMPTZ '2026-12-01 00:00:00+00'"
              + " + X * INTERVAL '1 second', 'k', 'm', 1, 1, 1, FALSE, 'settled' FROM generate_series(1, " + rows
              + ") AS X"
          : "INSERT INTO warden_spend (request_id, occurred_at, key_id, model, input_tokens, output_tokens,"
              + " cost_nanousd, estimated, outcome) SELECT 'old-' || X, DATEADD(SECOND, X, TIMESTAMP WITH TIME ZONE"
              + " '2026-12-01 00:00:00+00'), 'k', 'm', 1, 1, 1, FALSE, 'settled' FROM SYSTEM_RANGE(1, " + rows + ")");
    }
    meter.sweep();
    if (!store.inMemory()) {
      assertEquals(rows, scalar("SELECT COUNT(*) FROM warden_spend"), "a store that keeps its rows keeps them all");
      return;
    }
    assertEquals(Meter.IN_MEMORY_SPEND_ROWS, scalar("SELECT COUNT(*) FROM warden_spend"), "at the bound: kept");
    meter.settle(reserve("req-new", 10, 10), charge(10, 10), record("req-new"));
    meter.settled();
    meter.sweep();
    assertEquals(Meter.IN_MEMORY_SPEND_ROWS - Meter.IN_MEMORY_TRIM_MARGIN, scalar("SELECT COUNT(*) FROM warden_spend"));
    assertEquals(1, scalar("SELECT COUNT(*) FROM warden_spend WHERE request_id = 'req-new'"), "the newest is kept");
    assertEquals(0, scalar("SELECT COUNT(*) FROM warden_spend WHERE request_id = 'old-"
        + (Meter.IN_MEMORY_TRIM_MARGIN + 1) + "'"), "the oldest are deleted");
  }

  /**
   * The in-memory store drops the time index of spend rows (settlements and trims no longer pay
   * for it); a store that keeps its rows (a file here, PostgreSQL in the subclasses) keeps it for
   * its reports.
   */
  @Test
  void onlyTheInMemoryStoreDropsTheTimeIndexOfSpendRows(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    if (store.postgres()) {
      assertEquals(1, scalar("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'warden_spend_time'"
          + " AND schemaname = current_schema()"));
      assertThrows(IllegalStateException.class, () -> new Ledger(store, AUCKLAND).dropInMemoryTimeIndex());
      return;
    }
    assertEquals(0, scalar("SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_NAME = 'WARDEN_SPEND_TIME'"));
    try (Store file = Store.open(Optional.of(new Finance.Store("jdbc:h2:file:" + dir.resolve("warden"), "", "", 2)));
        Meter onFile = Meter.create(file, Optional.empty(), new Finance(Optional.empty(), Optional.empty(), List.of(),
            Duration.ofMinutes(10), false), clock, AUCKLAND);
        Connection c = file.data().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES"
            + " WHERE INDEX_NAME = 'WARDEN_SPEND_TIME'")) {
      assertFalse(onFile.ledger().inMemory());
      assertTrue(rs.next());
      assertEquals(1, rs.getLong(1));
    }
    assertThrows(IllegalStateException.class, () -> {
      try (Store file = Store.open(Optional.of(new Finance.Store("jdbc:h2:file:" + dir.resolve("other"), "", "", 2)))) {
        new Ledger(file, AUCKLAND).dropInMemoryTimeIndex();
      }
    });
  }

  @Test
  void theWorstCaseIsReservedOnEveryBudgetAndSettledAtTheRealCost() throws Exception {
    Reservation r = reserve("req-1", 1000, 500);
    // 1000 x $2/M + 500 x $8/M = 0.002 + 0.004 USD
    assertEquals(6_000_000, r.amountNanos());
    assertEquals(2, r.holds().size());
    assertEquals(1, scalar("SELECT COUNT(*) FROM warden_reservations WHERE request_id = 'req-1'"));
    meter.settle(r, charge(1000, 100), record("req-1"));
    long cost = 2_000_000 + 800_000;
    assertEquals(0, scalar("SELECT COUNT(*) FROM warden_reservations"));
    assertEquals(cost, scalar("SELECT cost_nanousd FROM warden_spend WHERE request_id = 'req-1'"));
    assertEquals(cost, scalar("SELECT spent_nanousd FROM warden_budget_usage WHERE scope = 'team' AND subject = 'eng'"));
    assertEquals(cost, scalar("SELECT spent_nanousd FROM warden_budget_usage WHERE scope = 'tenant'"));
    Budgets b = meter.facts(ALICE);
    assertEquals(28.0, b.team().used(), 1e-9);
    assertEquals(0.0028, b.team().spent(), 1e-12);
    assertEquals(0.28, b.tenant().used(), 1e-9);
    assertFalse(b.user().set());
  }

  @Test
  void aReservationPastTheCapIsRefusedOnEveryBudgetOrNone() throws Exception {
    // the team budget is $0.01 with a cap of 100%: one call of $0.006 fits, a second does not
    Reservation first = reserve("req-1", 1000, 500);
    ApiError e = assertThrows(ApiError.class, () -> reserve("req-2", 1000, 500));
    assertEquals(402, e.status());
    assertEquals("budget_exceeded", e.code());
    assertTrue(e.getMessage().contains("team budget of \"eng\""), e.getMessage());
    assertEquals(1, scalar("SELECT COUNT(*) FROM warden_reservations"));
    // the tenant budget (no cap) was not charged by the refused reservation: releasing the first frees all
    meter.release(first, record("req-1"));
    assertEquals(0, scalar("SELECT COUNT(*) FROM warden_reservations"));
    assertEquals(0, scalar("SELECT COUNT(*) FROM warden_spend"));
    Reservation again = reserve("req-3", 1000, 500);
    assertEquals(6_000_000, again.amountNanos());
  }

  @Test
  void spendNeverPassesTheCapUnderConcurrentReservations() throws Exception {
    List<CompletableFuture<Boolean>> calls = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String id = "req-" + i;
      calls.add(CompletableFuture.supplyAsync(() -> {
        try {
          Reservation r = reserve(id, 100, 100);
          meter.settle(r, charge(100, 50), record(id));
          return true;
        } catch (ApiError refused) {
          return false;
        }
      }));
    }
    long served = calls.stream().filter(CompletableFuture::join).count();
    long spent = scalar("SELECT SUM(cost_nanousd) FROM warden_spend");
    // each call reserves 1,000,000 and costs 600,000; the cap is 10,000,000
    assertTrue(spent <= 10_000_000, "spent " + spent);
    assertTrue(served >= 10, "served " + served);
    assertEquals(spent, scalar("SELECT spent_nanousd FROM warden_budget_usage WHERE scope = 'team'"));
  }

  /**
   * A settlement is written after its answer; one the store holds up (a row lock another
   * transaction holds for 300 ms) is counted by the budget facts of the next request, which do
   * not wait for it.
   */
  @Test
  void theFactsOfTheNextRequestCountASettlementTheStoreHoldsUpWithoutWaitingForIt() throws Exception {
    meter.settle(reserve("req-1", 1000, 100), charge(1000, 100), record("req-1"));
    assertEquals(28.0, meter.facts(ALICE).team().used(), 1e-9);
    meter.settled(); // its usage row is written: the lock below can hold it
    try (Connection lock = store.data().getConnection()) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        assertEquals(1, s.executeUpdate("UPDATE warden_budget_usage SET spent_nanousd = spent_nanousd"
            + " WHERE scope = 'team'"));
      }
      meter.settle(reserve("req-2", 1000, 100), charge(1000, 100), record("req-2"));
      Thread release = SharedStores.commitLater(lock, 300);
      long t0 = System.nanoTime();
      assertEquals(56.0, meter.facts(ALICE).team().used(), 1e-9);
      long took = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(took < 200, "the facts took " + took + " ms: they waited for the settlement");
      release.join();
    }
    assertEquals(56.0, meter.facts(ALICE).team().used(), 1e-9, "written: counted once");
  }

  /**
   * Settlements written together (one transaction on PostgreSQL): each is charged once; one
   * charged already (its spend row exists) is refused and the others are still written.
   */
  @Test
  void settlementsWrittenTogetherAreEachChargedOnce() throws Exception {
    meter.close();
    meter = meter(List.of(budget(Enums.Scope.TEAM, "eng", "100", Finance.Period.DAILY, 100.0)));
    long cost = 2_000_000 + 800_000;
    meter.settle(reserve("req-1", 1000, 100), charge(1000, 100), record("req-1"));
    meter.settled();
    Instant now = clock.instant();
    List<Meter.Settled> batch = new java.util.ArrayList<>();
    for (String id : List.of("req-2", "req-1", "req-3")) {
      Reservation r = reserve(id.equals("req-1") ? "req-1b" : id, 1000, 100);
      Reservation as = new Reservation(id, r.caller(), r.model(), r.amountNanos(), r.holds(), r.createdAt(),
          r.expiresAt(), true);
      batch.add(new Meter.Settled(as, charge(1000, 100), now, as.holds()));
    }
    boolean[] stored = meter.ledger().settleAll(batch);
    assertTrue(stored[0]);
    assertFalse(stored[1], "req-1 was charged already");
    assertTrue(stored[2]);
    assertEquals(3, scalar("SELECT COUNT(*) FROM warden_spend"));
    assertEquals(3 * cost, scalar("SELECT spent_nanousd FROM warden_budget_usage WHERE scope = 'team'"));
    assertEquals(3 * cost, scalar("SELECT SUM(cost_nanousd) FROM warden_spend"));
  }

  /** A batch with no call charged already is written whole: spend rows, reservations released, usage. */
  @Test
  void aBatchOfNewSettlementsIsWrittenWhole() throws Exception {
    meter.close();
    meter = meter(List.of(budget(Enums.Scope.TEAM, "eng", "100", Finance.Period.DAILY, 100.0)));
    long cost = 2_000_000 + 800_000;
    Instant now = clock.instant();
    List<Meter.Settled> batch = new java.util.ArrayList<>();
    for (String id : List.of("req-a", "req-b", "req-c", "req-d")) {
      Reservation r = reserve(id, 1000, 100);
      batch.add(new Meter.Settled(r, charge(1000, 100), now, r.holds()));
    }
    assertEquals(4, scalar("SELECT COUNT(*) FROM warden_reservations"));
    boolean[] stored = meter.ledger().settleAll(batch);
    assertEquals("[true, true, true, true]", java.util.Arrays.toString(stored));
    assertEquals(0, scalar("SELECT COUNT(*) FROM warden_reservations"));
    assertEquals(4, scalar("SELECT COUNT(*) FROM warden_spend"));
    assertEquals(4 * cost, scalar("SELECT spent_nanousd FROM warden_budget_usage WHERE scope = 'team'"));
  }

  /**
   * Read your writes, exactly: the facts read right after each answer hold every call this
   * replica answered, once, whether its settlement is still being written or written already.
   */
  @Test
  void theFactsRightAfterEachAnswerHoldEveryCallOnce() throws Exception {
    meter.close();
    meter = meter(List.of(budget(Enums.Scope.TEAM, "eng", "100", Finance.Period.DAILY, 100.0)));
    long cost = 2_000_000 + 800_000;
    for (int i = 1; i <= 60; i++) {
      meter.settle(reserve("req-" + i, 1000, 100), charge(1000, 100), record("req-" + i));
      assertEquals(i * cost / 1e9, meter.facts(ALICE).team().spent(), 1e-12, "after call " + i);
    }
    assertEquals(60 * cost, scalar("SELECT spent_nanousd FROM warden_budget_usage WHERE scope = 'team'"));
    assertEquals(60 * cost / 1e9, meter.facts(ALICE).team().spent(), 1e-12);
  }

  @Test
  void thePeriodRollsOverAtMidnightInThePolicyTimeZone() throws Exception {
    meter.settle(reserve("req-1", 1000, 100), charge(1000, 100), record("req-1"));
    assertEquals(28.0, meter.facts(ALICE).team().used(), 1e-9);
    clock.advance(Duration.ofMinutes(29)); // 23:59 in Auckland
    assertEquals(28.0, meter.facts(ALICE).team().used(), 1e-9);
    clock.advance(Duration.ofMinutes(2)); // 00:01 on the 8th in Auckland, still the 7th in UTC
    Budgets b = meter.facts(ALICE);
    assertEquals(0.0, b.team().used(), 1e-9);
    // the monthly tenant budget keeps its spend
    assertEquals(0.28, b.tenant().used(), 1e-9);
    assertEquals(1, scalar("SELECT COUNT(*) FROM warden_budget_usage WHERE scope = 'team'"));
    assertEquals(Instant.parse("2026-12-07T11:00:00Z"),
        Periods.start(Finance.Period.DAILY, clock.instant(), AUCKLAND));
    // weeks start on Monday: Monday 2026-12-07 00:00 in Auckland
    assertEquals(Instant.parse("2026-12-06T11:00:00Z"),
        Periods.start(Finance.Period.WEEKLY, clock.instant(), AUCKLAND));
    assertEquals(Instant.parse("2026-11-30T11:00:00Z"),
        Periods.start(Finance.Period.MONTHLY, clock.instant(), AUCKLAND));
  }

  @Test
  void aReservationLeftByACrashExpiresAndIsSettledOnceByWhicheverReplicaSweepsFirst() throws Exception {
    Reservation r = reserve("req-crash", 1000, 500);
    assertEquals(0, meter.sweep());
    clock.advance(Duration.ofMinutes(11));
    // a second replica on the same store sweeps at the same time
    Meter other = meter(List.of(
        budget(Enums.Scope.TEAM, "eng", "0.01", Finance.Period.DAILY, 100.0),
        budget(Enums.Scope.TENANT, "acme", "1", Finance.Period.MONTHLY, null)));
    try {
      CompletableFuture<Integer> a = CompletableFuture.supplyAsync(meter::sweep);
      CompletableFuture<Integer> b = CompletableFuture.supplyAsync(other::sweep);
      assertEquals(1, a.join() + b.join());
    } finally {
      other.close();
    }
    assertEquals(0, scalar("SELECT COUNT(*) FROM warden_reservations"));
    assertEquals(1, scalar("SELECT COUNT(*) FROM warden_spend WHERE outcome = 'expired'"));
    assertEquals(r.amountNanos(), scalar("SELECT cost_nanousd FROM warden_spend WHERE request_id = 'req-crash'"));
    assertEquals(r.amountNanos(), scalar("SELECT spent_nanousd FROM warden_budget_usage WHERE scope = 'tenant'"));
    // the call ending late changes nothing: it was charged once
    meter.settle(r, charge(10, 10), record("req-crash"));
    assertEquals(1, scalar("SELECT COUNT(*) FROM warden_spend"));
    assertEquals(60.0, meter.facts(ALICE).team().used(), 1e-9);
    // and the counters gave the reservation back: a new call fits the rest of the cap
    reserve("req-next", 100, 100);
  }

  @Test
  void aRestartKeepsSpendAndOpenReservations() throws Exception {
    meter.settle(reserve("req-1", 1000, 100), charge(1000, 100), record("req-1"));
    reserve("req-open", 1000, 500);
    meter.close();
    meter = meter(List.of(
        budget(Enums.Scope.TEAM, "eng", "0.01", Finance.Period.DAILY, 100.0),
        budget(Enums.Scope.TENANT, "acme", "1", Finance.Period.MONTHLY, null)));
    assertEquals(28.0, meter.facts(ALICE).team().used(), 1e-9);
    // 2.8 spent + 6 reserved: another 6 does not fit under 10
    assertEquals(402, assertThrows(ApiError.class, () -> reserve("req-2", 1000, 500)).status());
  }

  @Test
  void configBudgetsReplaceTheOldConfigButKeepAdminOnes() throws Exception {
    meter.book().put(new StoredBudget(Enums.Scope.USER, "alice", 5_000_000_000L, Finance.Period.NONE,
        java.util.OptionalDouble.empty(), "admin"));
    meter.close();
    meter = meter(List.of(budget(Enums.Scope.APP, "app1", "3", Finance.Period.WEEKLY, 110.0)));
    List<StoredBudget> all = meter.book().all();
    assertEquals(List.of("app:app1:config", "user:alice:admin"),
        all.stream().map(b -> b.scopeName() + ":" + b.subject() + ":" + b.origin()).toList());
    assertEquals(3_300_000_000L, all.getFirst().capNanos());
  }

  @Test
  void costsAreInNanoUsdRoundedUp() {
    assertEquals(100, Money.cost(1, 0.1));
    assertEquals(1, Money.cost(1, 0.0000001));
    assertEquals(0, Money.cost(0, 5));
    assertEquals(76_000, Meter.cost(new ModelSpec("p", "", "", "", List.of(), 2, 8, 8000), new Usage(10, 7, 0, false)));
    // without max_tokens, what is left of the context is the worst case
    assertEquals(Money.cost(1000, 2) + Money.cost(7000, 8), Meter.worstCase(MODEL, 1000, OptionalInt.empty()));
    assertEquals(new BigDecimal("0.000076"), Money.usd(76_000));
  }
}
