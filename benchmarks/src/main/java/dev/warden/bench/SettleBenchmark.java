package dev.warden.bench;

import dev.warden.dsl.model.Enums;
import dev.warden.dsl.model.ModelSpec;
import dev.warden.gateway.audit.RequestRecord;
import dev.warden.gateway.config.Finance;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.finance.Charge;
import dev.warden.gateway.finance.Meter;
import dev.warden.gateway.finance.Reservation;
import dev.warden.gateway.finance.Usage;
import dev.warden.gateway.store.Store;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * The durable side of metering on the embedded store, with 100,000 spend rows present (the
 * in-memory store's bound): {@code settle} writes {@code calls} settlements of calls reserved
 * beforehand (outside the measurement) and waits for them, as the gateway's settlement writer
 * does after the answers (one call: a batch of one each time; 64: what the writer takes under
 * load); {@code sweep} is the in-memory store's periodic sweep after a second of traffic
 * ({@link #ROWS_PER_SWEEP} new spend rows), which trims the spend rows to the bound. The
 * benchmark thread waits while the writer works, so the time per operation is the writer's CPU
 * time on an idle machine.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class SettleBenchmark {
  static final int PRESENT = 100_000;
  /** Spend rows a second of traffic adds at about 5,000 calls per second. */
  static final int ROWS_PER_SWEEP = 5_000;
  private static final GatewayConfig.KeyConfig KEY = new GatewayConfig.KeyConfig("bench", "0".repeat(64), "bench-user",
      "bench", "acme", "loadbench", "us", "bench", List.of(), List.of());
  private static final ModelSpec MODEL = new ModelSpec("gpt-4o", "openai", "us", "premium", List.of(), 2.5, 10, 128_000);

  /** A meter on a store that holds {@link #PRESENT} spend rows. */
  @State(Scope.Benchmark)
  public static class Stores {
    @Param({"memory", "file"})
    public String store;

    final AtomicLong ids = new AtomicLong();
    Store sql;
    Meter meter;
    Path dir;
    long writer;

    @Setup(Level.Trial)
    public void open() throws IOException, SQLException {
      Optional<Finance.Store> config = Optional.empty();
      if (store.equals("file")) {
        dir = Files.createTempDirectory("warden-settle-bench");
        config = Optional.of(new Finance.Store("jdbc:h2:file:" + dir.resolve("warden"), "", "", 4));
      }
      sql = Store.open(config);
      List<Finance.Budget> budgets = List.of(
          new Finance.Budget(Enums.Scope.TEAM, "bench", new BigDecimal("1000000000"), Finance.Period.MONTHLY,
              Optional.of(100.0)),
          new Finance.Budget(Enums.Scope.TENANT, "acme", new BigDecimal("1000000000"), Finance.Period.MONTHLY,
              Optional.empty()));
      meter = Meter.create(sql, Optional.empty(), new Finance(Optional.empty(), Optional.empty(), budgets,
          Duration.ofMinutes(10), false), Clock.systemUTC(), ZoneId.of("UTC"));
      insertSpendRows(PRESENT);
      writer = writer();
    }

    /** Spend rows as settlements write them, the oldest first, one a millisecond until a minute ago. */
    void insertSpendRows(int n) throws SQLException {
      long first = ids.getAndAdd(n);
      Instant start = Instant.now().minusMillis(n + 60_000L);
      try (Connection c = sql.data().getConnection(); PreparedStatement p = c.prepareStatement("INSERT INTO warden_spend"
          + " (request_id, occurred_at, key_id, user_name, team, tenant, app, requested_model, model, endpoint, tags,"
          + " input_tokens, output_tokens, cached_tokens, cost_nanousd, estimated, outcome)"
          + " SELECT 'old-' || (? + X), DATEADD(MILLISECOND, X, CAST(? AS TIMESTAMP WITH TIME ZONE)), 'bench',"
          + " 'bench-user', 'bench', 'acme', 'loadbench', 'gpt-4o', 'gpt-4o', 'chat', '{}', 300, 120, 0, 1950, FALSE,"
          + " 'settled' FROM SYSTEM_RANGE(1, ?)")) {
        p.setLong(1, first);
        p.setObject(2, java.time.OffsetDateTime.ofInstant(start, java.time.ZoneOffset.UTC));
        p.setInt(3, n);
        p.executeUpdate();
      }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      meter.close();
      sql.close();
      if (dir != null) {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
    }
  }

  /** The calls of one operation, reserved before it. */
  @State(Scope.Thread)
  public static class Calls {
    @Param({"1", "64"})
    public int calls;

    final List<Reservation> reserved = new ArrayList<>();

    @Setup(Level.Invocation)
    public void reserve(Stores s) {
      reserved.clear();
      for (int i = 0; i < calls; i++) {
        String id = "bench-" + s.ids.incrementAndGet();
        reserved.add(s.meter.reserve(id, KEY, 300, OptionalInt.of(200), List.of(MODEL), record(id)));
      }
    }
  }

  static RequestRecord record(String id) {
    return new RequestRecord(id, Instant.EPOCH, System.nanoTime(), "/v1/chat/completions");
  }

  /**
   * CPU time and allocation of the thread that does the work (the settlement writer, the
   * sweeping thread), summed over an iteration: divided by {@code calls} (or {@code sweeps}) they
   * are the cost of one, without the setup's and less disturbed by other work on the machine than
   * the time per operation.
   */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Cost {
    public long cpuNanos;
    public long allocBytes;
    public long calls;
    public long sweeps;

    void add(long[] before, long[] after) {
      cpuNanos += after[0] - before[0];
      allocBytes += after[1] - before[1];
    }

    @Setup(Level.Iteration)
    public void reset() {
      cpuNanos = 0;
      allocBytes = 0;
      calls = 0;
      sweeps = 0;
    }
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** CPU nanoseconds and bytes allocated of a thread so far. */
  static long[] used(long threadId) {
    return new long[] {THREADS.getThreadCpuTime(threadId), THREADS.getThreadAllocatedBytes(threadId)};
  }

  /** The settlement writer's thread of the benchmark's meter. */
  static long writer() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("warden-settle"))
        .mapToLong(Thread::threadId).max().orElseThrow();
  }

  @Benchmark
  public void settle(Stores s, Calls c, Cost cost) {
    long nanos = Meter.cost(MODEL, new Usage(300, 120, 0, false));
    long[] before = used(s.writer);
    for (Reservation r : c.reserved) {
      s.meter.settle(r, new Charge("gpt-4o", "gpt-4o", "chat", Map.of(), 300, 120, 0, nanos, false, "settled"),
          record(r.requestId()));
    }
    s.meter.settled();
    cost.add(before, used(s.writer));
    cost.calls += c.calls;
  }

  /** A second of traffic's spend rows, written before each sweep (in-memory store only: the file store is not trimmed). */
  @State(Scope.Thread)
  public static class Second {
    @Setup(Level.Invocation)
    public void traffic(Stores s) throws SQLException {
      s.insertSpendRows(ROWS_PER_SWEEP);
    }
  }

  @Benchmark
  public int sweep(Stores s, Second traffic, Cost cost) {
    long me = Thread.currentThread().threadId();
    long[] before = used(me);
    int n = s.meter.sweep();
    cost.add(before, used(me));
    cost.sweeps++;
    return n;
  }
}
