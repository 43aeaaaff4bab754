package dev.warden.bench;

import dev.warden.dsl.model.Enums;
import dev.warden.dsl.model.ModelSpec;
import dev.warden.engine.facts.Budgets;
import dev.warden.gateway.audit.RequestRecord;
import dev.warden.gateway.config.Finance;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.finance.Charge;
import dev.warden.gateway.finance.Meter;
import dev.warden.gateway.finance.Reservation;
import dev.warden.gateway.finance.Usage;
import dev.warden.gateway.store.Redis;
import dev.warden.gateway.store.Store;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What budgets add to one request: the budget facts for the rules, the reservation before the
 * call (counters, then the durable row) and the settlement after it (one SQL transaction, then
 * the counters), for a caller with a team and a tenant budget. {@code embedded}: H2 in memory
 * and counters in the process; {@code postgres+redis}: the local PostgreSQL (own schema,
 * dropped afterwards) and Redis (own key prefix, deleted afterwards).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class BudgetBenchmark {
  @Param({"embedded", "postgres+redis"})
  public String store;

  private static final GatewayConfig.KeyConfig KEY = new GatewayConfig.KeyConfig("bench", "0".repeat(64), "bench-user",
      "bench", "acme", "loadbench", "us", "bench", List.of(), List.of());
  private static final ModelSpec MODEL = new ModelSpec("gpt-4o", "openai", "us", "premium", List.of(), 2.5, 10, 128_000);
  private final AtomicLong ids = new AtomicLong();
  private final String schema = "warden_bench_" + ProcessHandle.current().pid();
  private final String prefix = "warden-bench:" + ProcessHandle.current().pid() + ":";
  private Store sql;
  private Optional<Redis> redis;
  private Meter meter;

  @Setup(Level.Trial)
  public void setUp() {
    boolean shared = store.equals("postgres+redis");
    sql = Store.open(shared ? Optional.of(new Finance.Store("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "", 10,
        schema)) : Optional.empty());
    redis = shared ? Optional.of(Redis.connect("redis://127.0.0.1:6379", prefix)) : Optional.empty();
    List<Finance.Budget> budgets = List.of(
        new Finance.Budget(Enums.Scope.TEAM, "bench", new BigDecimal("1000000"), Finance.Period.MONTHLY, Optional.of(100.0)),
        new Finance.Budget(Enums.Scope.TENANT, "acme", new BigDecimal("1000000"), Finance.Period.MONTHLY, Optional.empty()));
    meter = Meter.create(sql, redis, new Finance(Optional.empty(), Optional.empty(), budgets, Duration.ofMinutes(10),
        false), Clock.systemUTC(), ZoneId.of("UTC"));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    meter.close();
    if (sql.postgres()) {
      try (Connection c = sql.data().getConnection(); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
    redis.ifPresent(r -> {
      List<String> keys = r.strings().sync().keys(prefix + "*");
      if (!keys.isEmpty()) {
        r.strings().sync().del(keys.toArray(String[]::new));
      }
      r.close();
    });
    sql.close();
  }

  /** The budget facts alone (counters: a map in process, one script call to Redis). */
  @Benchmark
  public Budgets factsOnly() {
    return meter.facts(KEY);
  }

  /** A reservation given back: the counters twice, the reservation row written and deleted. */
  @Benchmark
  public Reservation reserveRelease() {
    String id = "bench-r-" + ids.incrementAndGet();
    RequestRecord record = new RequestRecord(id, Instant.EPOCH, System.nanoTime(), "/v1/chat/completions");
    Reservation r = meter.reserve(id, KEY, 300, OptionalInt.of(200), List.of(MODEL), record);
    meter.release(r, record);
    return r;
  }

  /**
   * Facts, reserve and settle of one call: everything budgets add to a request. The settlement
   * is written after the call returns (after the answer, in the gateway); the next call's facts
   * wait for it, as they read the same budgets, so one thread still measures all of it.
   */
  @Benchmark
  public Budgets factsReserveSettle() {
    String id = "bench-" + ids.incrementAndGet();
    RequestRecord record = new RequestRecord(id, Instant.EPOCH, System.nanoTime(), "/v1/chat/completions");
    Budgets facts = meter.facts(KEY);
    Reservation r = meter.reserve(id, KEY, 300, OptionalInt.of(200), List.of(MODEL), record);
    Usage u = new Usage(300, 120, 0, false);
    meter.settle(r, new Charge("gpt-4o", "gpt-4o", "chat", Map.of(), 300, 120, 0, Meter.cost(MODEL, u), false,
        "settled"), record);
    return facts;
  }
}
