package dev.warden.gateway.finance;

import dev.warden.dsl.model.ModelSpec;
import dev.warden.engine.facts.BudgetState;
import dev.warden.engine.facts.Budgets;
import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.audit.RequestRecord;
import dev.warden.gateway.config.Finance;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.store.Redis;
import dev.warden.gateway.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Metering and budgets on the request path: the budget facts the rules see, the reservation of
 * a call's worst-case cost before it is made (402 when a capped budget cannot take it), and its
 * settlement at the real cost after it. Counters make the check fast and atomic
 * ({@link Counters}); the {@link Ledger} makes it durable. A background sweep settles the
 * reservations a crash left once they expire. When the store or Redis cannot be reached the
 * request is refused with 503, unless {@code finance.fail_open} says to serve it unmetered.
 */
public final class Meter implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("warden.finance");
  /** Output tokens assumed for the worst case when neither max_tokens nor the model's context is known. */
  static final long DEFAULT_OUTPUT_TOKENS = 4096;
  private final BudgetBook book;
  private final Ledger ledger;
  private final Counters counters;
  private final Clock clock;
  private final ZoneId zone;
  private final Duration ttl;
  private final boolean failOpen;
  private final Settlements<Settled> settlements;
  private ScheduledExecutorService sweeper;

  /**
   * How many spend rows the in-memory store keeps (a gateway configured without a store): the
   * newest; once there are more, the sweep deletes the oldest down to
   * {@code IN_MEMORY_SPEND_ROWS - IN_MEMORY_TRIM_MARGIN}, so memory does not grow with every call
   * and a sweep trims once per {@link #IN_MEMORY_TRIM_MARGIN} calls rather than every time.
   * Budgets stay exact (their usage is kept per period); spend reports cover the rows kept.
   */
  static final int IN_MEMORY_SPEND_ROWS = 100_000;
  static final int IN_MEMORY_TRIM_MARGIN = 10_000;

  public Meter(BudgetBook book, Ledger ledger, Counters counters, Clock clock, ZoneId zone, Duration ttl,
      boolean failOpen) {
    this.book = book;
    this.ledger = ledger;
    this.counters = counters;
    this.clock = clock;
    this.zone = zone;
    this.ttl = ttl;
    this.failOpen = failOpen;
    this.settlements = new Settlements<>(new Writer());
  }

  /** A call to settle: its reservation, its charge, when it ended, and its budgets in the period of then. */
  record Settled(Reservation reservation, Charge charge, Instant at, List<Hold> current) {}

  /** The durable side of {@link #settle}: the spend rows and the budgets' usage, then the counters. */
  private final class Writer implements Settlements.Writer<Settled> {
    @Override
    public boolean[] store(List<Settled> batch) {
      boolean[] stored = ledger.settleAll(batch);
      for (int i = 0; i < stored.length; i++) {
        if (!stored[i]) {
          LOG.log(System.Logger.Level.WARNING, "request " + batch.get(i).reservation().requestId() + " ended after"
              + " its reservation expired, or could not be settled; it is (or will be) charged at the reservation");
        }
      }
      return stored;
    }

    @Override
    public CompletableFuture<Void> counters(Settled s) {
      return counters.settleInOrder(s.reservation().holds(), s.reservation().amountNanos(), s.current(),
          s.charge().costNanos());
    }
  }

  /**
   * The meter of a gateway: counters in Redis when it is configured, else in this process; the
   * configuration's budgets written to the store.
   */
  public static Meter create(Store store, Optional<Redis> redis, Finance finance, Clock clock, ZoneId zone) {
    Ledger ledger = new Ledger(store, zone);
    if (store.inMemory()) {
      ledger.dropInMemoryTimeIndex();
    }
    BudgetBook book = new BudgetBook(store, clock, Duration.ofSeconds(1));
    book.syncConfig(finance.budgets());
    Counters counters = redis.<Counters>map(r -> new RedisCounters(r, ledger::counter))
        .orElseGet(() -> new LocalCounters(ledger::counter));
    return new Meter(book, ledger, counters, clock, zone, finance.reservationTtl(), finance.failOpen());
  }

  public BudgetBook book() {
    return book;
  }

  public Ledger ledger() {
    return ledger;
  }

  public ZoneId zone() {
    return zone;
  }

  public Clock clock() {
    return clock;
  }

  /** The caller's budgets as the rules see them: settled spend of the current period over the amount. */
  public Budgets facts(GatewayConfig.KeyConfig key) {
    return facts(key, RequestRecord.detached());
  }

  /** {@link #facts(GatewayConfig.KeyConfig)}, noting the time of each phase in the request's record. */
  public Budgets facts(GatewayConfig.KeyConfig key, RequestRecord record) {
    try {
      long t0 = System.nanoTime();
      List<StoredBudget> budgets = book.of(key);
      long t1 = System.nanoTime();
      record.financePhase(RequestRecord.FinancePhase.BUDGETS, t1 - t0);
      if (budgets.isEmpty()) {
        return Budgets.NONE;
      }
      List<Hold> holds = holds(budgets, clock.instant());
      long[] spent = spent(holds, record);
      record.financePhase(RequestRecord.FinancePhase.FACTS, System.nanoTime() - t1);
      Map<dev.warden.dsl.model.Enums.Scope, BudgetState> states = new EnumMap<>(dev.warden.dsl.model.Enums.Scope.class);
      for (int i = 0; i < budgets.size(); i++) {
        states.put(budgets.get(i).scope(),
            BudgetState.of(Money.usdDouble(spent[i]), Money.usdDouble(budgets.get(i).amountNanos())));
      }
      return Budgets.of(states);
    } catch (RuntimeException e) {
      return unreachable(e, Budgets.NONE);
    }
  }

  /**
   * The settled spend of each hold, with every settlement this replica answered (read your
   * writes): the counters are read in order with the settlements' writes, plus what the
   * settlements whose write was not sent yet add ({@link Settlements#read}), without waiting for
   * them. When the counters cannot answer at once (a counter to rebuild, Redis restarted) the
   * pending settlements of these budgets are waited for, then the counters read.
   */
  private long[] spent(List<Hold> holds, RequestRecord record) {
    Settlements.Read<long[]> read = settlements.read(() -> counters.spentInOrder(holds));
    try {
      long[] spent = read.answer().get(Settlements.WAIT.toMillis(), TimeUnit.MILLISECONDS).clone();
      for (int i = 0; i < spent.length; i++) {
        spent[i] += read.unsent().getOrDefault(holds.get(i).counter(), 0L);
      }
      return spent;
    } catch (ExecutionException | TimeoutException e) {
      long t0 = System.nanoTime();
      settlements.awaitCounters(counters(holds));
      record.financePhase(RequestRecord.FinancePhase.PENDING, System.nanoTime() - t0);
      return counters.spent(holds);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the budget counters", e);
    }
  }

  /**
   * Reserves the worst-case cost of a call on every budget of the caller, before the call.
   *
   * @param candidates the models the call may be served by (failover order); the most expensive counts
   * @throws ApiError 402 {@code budget_exceeded} when a capped budget cannot take it; 503 when
   *     the store or Redis cannot be reached (and finance.fail_open is false)
   */
  public Reservation reserve(String requestId, GatewayConfig.KeyConfig key, long promptTokens, OptionalInt maxTokens,
      List<ModelSpec> candidates, RequestRecord record) {
    Instant now = clock.instant();
    long estimate = 0;
    String model = candidates.isEmpty() ? "" : candidates.getFirst().name();
    for (ModelSpec m : candidates) {
      long e = worstCase(m, promptTokens, maxTokens);
      if (e > estimate) {
        estimate = e;
        model = m.name();
      }
    }
    Reservation.Caller caller = new Reservation.Caller(key.id(), key.user(), key.team(), key.tenant(), key.app());
    String id = requestId.equals("detached") ? "detached-" + UUID.randomUUID() : requestId;
    List<Hold> holds;
    long t0 = System.nanoTime();
    try {
      holds = holds(book.of(key), now);
    } catch (RuntimeException e) {
      return unreachable(e, unstored(id, caller, model, estimate, now));
    } finally {
      record.financePhase(RequestRecord.FinancePhase.BUDGETS, System.nanoTime() - t0);
    }
    if (holds.isEmpty()) {
      return unstored(id, caller, model, estimate, now);
    }
    Reservation r = new Reservation(id, caller, model, estimate, holds, now, now.plus(ttl), true);
    int refused;
    try {
      refused = counters.remote() ? reserveBeside(r, record) : reserveThenRow(r, record);
    } catch (FailOpen e) {
      return unstored(id, caller, model, estimate, now);
    }
    if (refused >= 0) {
      Hold h = holds.get(refused);
      record.metering(new RequestRecord.Metering(OptionalDouble.empty(), Optional.of(id),
          OptionalDouble.of(Money.usdDouble(estimate)), Optional.of("refused")));
      throw new ApiError(402, "insufficient_quota", "budget_exceeded", "The " + h.scope() + " budget of "
          + shown(h.subject()) + " cannot cover this request: its worst-case cost would take the spend of this period"
          + " past the budget's cap. Lower max_tokens, wait for the next period, or ask your Warden administrator to"
          + " raise the budget.");
    }
    record.metering(new RequestRecord.Metering(OptionalDouble.empty(), Optional.of(id),
        OptionalDouble.of(Money.usdDouble(estimate)), Optional.empty()));
    return r;
  }

  /**
   * The counters in this process: reserved on them (no round trip), then the row written.
   *
   * @return the index of the hold that refused, else -1 with the reservation taken
   */
  private int reserveThenRow(Reservation r, RequestRecord record) {
    int refused;
    long t1 = System.nanoTime();
    try {
      refused = counters.reserve(r.holds(), r.amountNanos());
    } catch (RuntimeException e) {
      throw unreachableOrOpen(e);
    } finally {
      record.financePhase(RequestRecord.FinancePhase.RESERVE, System.nanoTime() - t1);
    }
    if (refused >= 0) {
      return refused;
    }
    long t2 = System.nanoTime();
    try {
      ledger.reserve(r);
    } catch (RuntimeException e) {
      undo(r);
      throw unreachableOrOpen(e);
    } finally {
      record.financePhase(RequestRecord.FinancePhase.RESERVATION_ROW, System.nanoTime() - t2);
    }
    return -1;
  }

  /**
   * The counters in Redis: the reservation is sent to them and its row written while it
   * travels, so the request waits for the slower of the two round trips instead of both. The
   * counters hold the amount even when they refuse it ({@link Counters#reserveAhead}), so at no
   * moment is there a row whose amount the counters do not hold: a crash anywhere leaves either
   * nothing, or a row that expires and is settled (its amount given back to the counters), or
   * an amount in the counters without a row (too much held, never too little, as a crash
   * between the two steps always could). A refused reservation deletes its row, then gives the
   * amount back; a row that cannot be written gives it back at once. A counter that is missing
   * (to be rebuilt from SQL, which would count this row) deletes the row and takes the
   * reservation the other way round.
   *
   * @return the index of the hold that refused, else -1 with the reservation taken
   */
  private int reserveBeside(Reservation r, RequestRecord record) {
    long t1 = System.nanoTime();
    CompletableFuture<Integer> counted = counters.reserveAhead(r.holds(), r.amountNanos());
    RuntimeException rowFailed = null;
    try {
      ledger.reserve(r);
    } catch (RuntimeException e) {
      rowFailed = e;
    }
    long t2 = System.nanoTime();
    record.financePhase(RequestRecord.FinancePhase.RESERVATION_ROW, t2 - t1);
    int refused;
    try {
      refused = counted.get(Settlements.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Counters.MissingCounters) {
        if (rowFailed != null) {
          throw unreachableOrOpen(rowFailed);
        }
        if (!deleteRow(r)) {
          throw unreachableOrOpen(new IllegalStateException("the reservation row could not be taken back"));
        }
        return reserveThenRow(r, record);
      }
      // unanswered: the counters may hold it (too much held, as when any reservation's answer is lost)
      if (rowFailed == null) {
        deleteRow(r);
      }
      throw unreachableOrOpen(e.getCause() instanceof RuntimeException re ? re
          : new IllegalStateException(e.getCause()));
    } catch (TimeoutException e) {
      if (rowFailed == null) {
        deleteRow(r);
      }
      throw unreachableOrOpen(new IllegalStateException("Redis did not answer the budget reservation in time", e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reserving the budget", e);
    } finally {
      record.financePhase(RequestRecord.FinancePhase.RESERVE, System.nanoTime() - t2);
    }
    if (rowFailed != null) {
      undo(r);
      throw unreachableOrOpen(rowFailed);
    }
    if (refused >= 0) {
      // the row goes first: were the amount given back before it, a crash in between would leave a
      // row whose sweep takes back from the counters what other reservations hold
      if (deleteRow(r)) {
        undo(r);
      }
    }
    return refused;
  }

  /**
   * Deletes a reservation's row that no call will follow; false when it could not be (it then
   * expires and is charged at its estimate, its amount given back to the counters by the sweep).
   */
  private boolean deleteRow(Reservation r) {
    try {
      ledger.release(r.requestId());
      return true;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "the reservation row of request " + r.requestId() + " could not be deleted;"
          + " it will be charged at its estimate when it expires", e);
      return false;
    }
  }

  /**
   * What a store or Redis that cannot be used means for the request: 503, or, with
   * finance.fail_open, the call served without budgets (the exception thrown then is
   * {@link FailOpen}, caught by {@link #reserve}).
   */
  private RuntimeException unreachableOrOpen(RuntimeException e) {
    return unreachable(e, new FailOpen());
  }

  /** Serve the call unmetered: finance.fail_open and the store or Redis could not be used. */
  private static final class FailOpen extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FailOpen() {
      super(null, null, false, false);
    }
  }

  private Reservation unstored(String id, Reservation.Caller caller, String model, long estimate, Instant now) {
    return new Reservation(id, caller, model, estimate, List.of(), now, now.plus(ttl), false);
  }

  private void undo(Reservation r) {
    try {
      counters.settle(r.holds(), r.amountNanos(), r.holds(), 0);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a reservation could not be taken back from the counters", e);
    }
  }

  /**
   * Settles a call at its real cost. The cost goes in the request's record at once; the durable
   * writes (the spend row and the budgets' usage in one transaction with the other settlements
   * waiting, then the counters) run after the answer is sent, by the replica's settlement writer
   * ({@link Settlements}), while the reservation keeps holding the worst case. Readers of spend
   * on this replica see them: {@link #facts} counts them without waiting, {@link #settled} waits
   * for them. A failure cannot un-make the call: it is logged, and the reservation left in the
   * store is charged at its estimate when it expires.
   */
  public void settle(Reservation r, Charge charge, RequestRecord record) {
    record.metering(new RequestRecord.Metering(OptionalDouble.of(Money.usdDouble(charge.costNanos())),
        r.stored() ? Optional.of(r.requestId()) : Optional.empty(),
        r.stored() ? OptionalDouble.of(Money.usdDouble(r.amountNanos())) : OptionalDouble.empty(),
        Optional.of(charge.estimated() ? "settled (estimated tokens)" : "settled")));
    Instant now = clock.instant();
    List<Hold> current = current(r.holds(), now);
    Map<String, Long> adds = new HashMap<>();
    for (Hold h : r.holds()) {
      adds.put(h.counter(), 0L); // its reservation is given back there: waited for when read the slow way
    }
    for (Hold h : current) {
      adds.merge(h.counter(), charge.costNanos(), Long::sum);
    }
    settlements.submit(new Settled(r, charge, now, current), adds);
  }

  /**
   * Waits (at most 2 s) until every settlement this replica answered is written, so a report
   * read next (the store, {@code /admin/spend}, {@code /admin/budgets}) includes them.
   */
  public void settled() {
    settlements.awaitAll();
  }

  private static Set<String> counters(List<Hold> holds) {
    Set<String> out = new HashSet<>();
    for (Hold h : holds) {
      out.add(h.counter());
    }
    return out;
  }

  /** A call that cost nothing (no upstream answered): its reservation is given back. */
  public void release(Reservation r, RequestRecord record) {
    if (!r.stored()) {
      return;
    }
    String outcome = "released";
    try {
      if (ledger.release(r.requestId())) {
        counters.settle(r.holds(), r.amountNanos(), current(r.holds(), clock.instant()), 0);
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "the reservation of request " + r.requestId() + " could not be released;"
          + " it will be charged when it expires", e);
      outcome = "failed: left to expire";
    }
    record.metering(new RequestRecord.Metering(OptionalDouble.empty(), Optional.of(r.requestId()),
        OptionalDouble.of(Money.usdDouble(r.amountNanos())), Optional.of(outcome)));
  }

  /** Settles the reservations that expired (a crash left them); returns how many this replica settled. */
  public int sweep() {
    Instant now = clock.instant();
    List<Ledger.Expired> expired = ledger.sweep(now);
    for (Ledger.Expired e : expired) {
      counters.settle(e.holds(), e.amountNanos(), current(e.holds(), now), e.amountNanos());
    }
    if (ledger.inMemory()) {
      ledger.trimSpend(IN_MEMORY_SPEND_ROWS, IN_MEMORY_TRIM_MARGIN);
    }
    return expired.size();
  }

  /** Sweeps every quarter of the reservation TTL (at least every second, at most every 30 s). */
  public synchronized void startSweeper() {
    if (sweeper != null) {
      return;
    }
    long every = Math.max(1000, Math.min(30_000, ttl.toMillis() / 4));
    sweeper = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("warden-sweeper")
        .unstarted(r));
    sweeper.scheduleWithFixedDelay(() -> {
      try {
        int n = sweep();
        if (n > 0) {
          LOG.log(System.Logger.Level.INFO, n + " expired budget reservation(s) settled at their estimate");
        }
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "the sweep of expired reservations failed; it runs again", e);
      }
    }, every, every, TimeUnit.MILLISECONDS);
  }

  /** Stops the sweeper and writes the settlements still pending (a graceful shutdown loses none). */
  @Override
  public synchronized void close() {
    if (sweeper != null) {
      sweeper.shutdownNow();
      sweeper = null;
    }
    settlements.close();
  }

  /** The cost of a call at the model's prices (cached prompt tokens at the input price: the catalog has no other). */
  public static long cost(ModelSpec m, Usage u) {
    return Money.cost(u.prompt(), m.inputPrice()) + Money.cost(u.completion(), m.outputPrice());
  }

  /**
   * The most a call can cost on {@code m}: the prompt at the input price plus max_tokens (else
   * what is left of the context, else {@link #DEFAULT_OUTPUT_TOKENS}) at the output price.
   */
  static long worstCase(ModelSpec m, long promptTokens, OptionalInt maxTokens) {
    long out;
    if (maxTokens.isPresent() && maxTokens.getAsInt() > 0) {
      out = maxTokens.getAsInt();
    } else if (m.context() > promptTokens) {
      out = m.context() - promptTokens;
    } else {
      out = DEFAULT_OUTPUT_TOKENS;
    }
    return Money.cost(promptTokens, m.inputPrice()) + Money.cost(out, m.outputPrice());
  }

  private List<Hold> holds(List<StoredBudget> budgets, Instant now) {
    List<Hold> out = new ArrayList<>(budgets.size());
    for (StoredBudget b : budgets) {
      out.add(new Hold(b.scopeName(), b.subject(), b.period(), Periods.start(b.period(), now, zone), b.capNanos()));
    }
    return out;
  }

  private List<Hold> current(List<Hold> holds, Instant now) {
    List<Hold> out = new ArrayList<>(holds.size());
    for (Hold h : holds) {
      out.add(h.at(now, zone));
    }
    return out;
  }

  private <T> T unreachable(RuntimeException e, T failOpenValue) {
    if (e instanceof ApiError a) {
      throw a;
    }
    if (failOpen) {
      LOG.log(System.Logger.Level.WARNING, "budgets are not enforced for this request (finance.fail_open): "
          + e.getMessage());
      return failOpenValue;
    }
    LOG.log(System.Logger.Level.ERROR, "the budget store cannot be used", e);
    throw ApiError.unavailable("Budgets cannot be checked because the budget store or Redis cannot be reached, so the"
        + " request is refused (finance.fail_open is false). Try again shortly.");
  }

  /** A subject as an error message may repeat it: quoted when it looks like a name, else not at all. */
  static String shown(String subject) {
    return subject.matches("[A-Za-z0-9._:@/-]{1,100}") ? "\"" + subject + "\"" : "(this caller)";
  }
}
