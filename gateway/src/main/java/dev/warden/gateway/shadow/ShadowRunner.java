package dev.warden.gateway.shadow;

import dev.warden.engine.eval.Decision;
import dev.warden.engine.eval.Evaluator;
import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.eval.ResponseEvaluation;
import dev.warden.engine.replay.Outcome;
import dev.warden.engine.replay.ReplayReport;
import dev.warden.engine.snapshot.PackSet;
import dev.warden.gateway.audit.RequestRecord;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Shadow mode: a candidate pack set evaluated beside the active one on live traffic, enforcing
 * nothing. Each finished request (its record holds what the active rules decided and the
 * request as it came) is queued for one background thread, which evaluates the candidate on it
 * (detectors included, so the candidate's own entities count) and, when the candidate lets it
 * through and the answer was checked, on the answer; the differences go into a
 * {@link ReplayReport}. The caller's request has been answered by then: the shadow never changes
 * what it got, and a full queue skips requests (counted) rather than slow anyone down.
 */
public final class ShadowRunner implements Consumer<RequestRecord>, AutoCloseable {
  static final int QUEUE = 1000;
  private static final System.Logger LOG = System.getLogger("warden.shadow");
  private final Evaluator evaluator;
  private final AtomicReference<Shadow> current = new AtomicReference<>();
  private final ArrayBlockingQueue<Task> queue = new ArrayBlockingQueue<>(QUEUE);
  private final Thread thread;
  private volatile boolean running = true;

  /** One running shadow: the candidate, when it started, the share of requests it sees, and what it found. */
  public static final class Shadow {
    final PackSet.Candidate candidate;
    final Instant started;
    final double sample;
    final ReplayReport report = new ReplayReport();
    final AtomicLong offered = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    Shadow(PackSet.Candidate candidate, Instant started, double sample) {
      this.candidate = Objects.requireNonNull(candidate, "candidate");
      this.started = started;
      this.sample = sample;
    }

    public PackSet.Candidate candidate() {
      return candidate;
    }

    public Instant started() {
      return started;
    }

    public double sample() {
      return sample;
    }

    public long offered() {
      return offered.get();
    }

    public long dropped() {
      return dropped.get();
    }

    public long failed() {
      return failed.get();
    }

    /** A consistent copy of what was found so far, read under the report's lock. */
    public <T> T read(java.util.function.Function<ReplayReport, T> f) {
      synchronized (report) {
        return f.apply(report);
      }
    }
  }

  private record Task(Shadow shadow, RequestRecord record) {}

  public ShadowRunner(Evaluator evaluator) {
    this.evaluator = evaluator;
    this.thread = Thread.ofPlatform().daemon().name("warden-shadow").start(this::loop);
  }

  /** Starts evaluating {@code candidate} on a {@code sample} share of requests; replaces a running shadow. */
  public Shadow start(PackSet.Candidate candidate, Instant now, double sample) {
    Shadow s = new Shadow(candidate, now, sample);
    current.set(s);
    return s;
  }

  public Optional<Shadow> current() {
    return Optional.ofNullable(current.get());
  }

  /** Stops the shadow {@code s} if it is still the running one; returns it. */
  public Optional<Shadow> stop() {
    return Optional.ofNullable(current.getAndSet(null));
  }

  /** Stops {@code s} only if it is still running (a promote racing a restart). */
  public boolean stop(Shadow s) {
    return current.compareAndSet(s, null);
  }

  /** Called with every finished request: queued for the shadow, never waited for. */
  @Override
  public void accept(RequestRecord r) {
    Shadow s = current.get();
    if (s == null || r.request().isEmpty()) {
      return;
    }
    if (s.sample < 1 && ThreadLocalRandom.current().nextDouble() >= s.sample) {
      return;
    }
    s.offered.incrementAndGet();
    if (!queue.offer(new Task(s, r))) {
      s.dropped.incrementAndGet();
    }
  }

  private void loop() {
    while (running) {
      Task t;
      try {
        t = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (t == null || current.get() != t.shadow()) {
        continue;
      }
      try {
        compare(t.shadow(), t.record());
      } catch (RuntimeException e) {
        t.shadow().failed.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "the shadow packs failed on request " + t.record().id(), e);
      }
    }
  }

  void compare(Shadow s, RequestRecord r) {
    RequestEvaluation active = r.request().orElseThrow();
    Optional<RequestRecord.Check> answer = r.lastCheck();
    Outcome before = Outcome.of(active.decision(), answer.map(c -> c.evaluation().decision()));
    RequestEvaluation shadow = evaluator.request(s.candidate.snapshot().orElseThrow(), active.input());
    Optional<Decision> shadowAnswer = Optional.empty();
    if (shadow.decision().allowed() && answer.isPresent()) {
      ResponseEvaluation e = evaluator.response(shadow, answer.get().input());
      shadowAnswer = Optional.of(e.decision());
    }
    Outcome after = Outcome.of(shadow.decision(), shadowAnswer);
    synchronized (s.report) {
      s.report.add(r.id(), before, after);
    }
  }

  /** For tests: whether everything queued has been compared. */
  public boolean idle() {
    return queue.isEmpty();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
