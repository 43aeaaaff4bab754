package dev.warden.gateway.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.config.Observability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The tamper-evident audit log: one record per request, appended to hash-chained segment files
 * by one writer thread from a bounded queue. Request threads only enqueue a finished
 * {@link RequestRecord}; the writer turns it into JSON, chains, writes and (by mode) forces it.
 *
 * <ul>
 *   <li>{@code async}: the writer writes (hands to the OS) what it takes from the queue after
 *       letting records gather for {@link #GATHER}, and at least every {@code max_lag} (100 ms);
 *       a request waits only when the writer is more than that behind, so a {@code kill -9} of the gateway loses at most the records of
 *       the last {@code max_lag}. What the OS had not written to disk is lost if the machine
 *       itself fails; {@code fsync_interval} (1 s) bounds that.
 *   <li>{@code sync}: a request's answer waits until its record is forced to disk (fdatasync).
 *       Group commit: the writer takes everything queued, writes it and forces once, so
 *       concurrent requests share one force.
 * </ul>
 *
 * A full queue or a log that cannot be written refuses requests with 503 ({@code on_failure:
 * fail_closed}, the default) or lets them through, counting the records lost. Failed writes
 * are retried every second; the records stay queued meanwhile. Segments are sealed and rotated
 * by size and age, old sealed segments deleted by retention, and on close the queue is drained
 * and the segment sealed.
 */
public final class AuditLog implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("warden.audit");
  /** The most records one write takes. */
  static final int MAX_BATCH = 1024;
  /**
   * Async mode: how long the writer lets records gather after the first one of a batch before it
   * takes them (at most a quarter of {@code max_lag}). Woken for every record, the writer spent
   * more on waking, on a {@code write} call per record and on the queue's lock than on the
   * records; gathered, it writes a few dozen at a time at full load.
   */
  static final Duration GATHER = Duration.ofMillis(5);
  static final Duration RETRY = Duration.ofSeconds(1);
  static final Duration RETENTION_CHECK = Duration.ofMinutes(1);

  private final Observability.Audit config;
  private final Clock clock;
  private final RecordJson json;
  private final SealKey key;
  private final ArrayBlockingQueue<Entry> queue;
  private final List<Consumer<Written>> sinks;
  private final Thread writer;
  private final FolderLock lock;
  /** The first problem of the segment the log continued from, when it did not verify at start. */
  private final Optional<VerifyReport.Finding> startProblem;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final AtomicLong forces = new AtomicLong();
  private volatile LongConsumer onForce = nanos -> {};
  private volatile boolean running = true;
  private volatile String broken;
  /** When the oldest record the writer has taken but not yet written was queued (0: none). */
  private volatile long inFlightSince;
  private OpenSegment segment;
  private Instant lastForce;
  private Instant lastRetention = Instant.EPOCH;
  private boolean dirty;
  /** The seal hash of a segment sealed whose successor is not created yet (null: the segment is open). */
  private String sealed;

  /**
   * A queued record, with the future a sync request waits on and, in sync mode, the record
   * already rendered on its request's thread (null: the writer renders it).
   */
  static final class Entry {
    final RequestRecord record;
    final long enqueued;
    final CompletableFuture<Void> durable;
    final Prepared prepared;

    Entry(RequestRecord record, long enqueued, boolean sync, Prepared prepared) {
      this.record = record;
      this.enqueued = enqueued;
      this.durable = sync ? new CompletableFuture<>() : null;
      this.prepared = prepared;
    }
  }

  private AuditLog(Observability.Audit config, Clock clock, RecordJson json, SealKey key, OpenSegment first,
      List<Consumer<Written>> sinks, FolderLock lock, Optional<VerifyReport.Finding> startProblem) {
    this.lock = lock;
    this.startProblem = startProblem;
    this.config = config;
    this.clock = clock;
    this.json = json;
    this.key = key;
    this.segment = first;
    this.sinks = List.copyOf(sinks);
    this.queue = new ArrayBlockingQueue<>(config.queue());
    this.lastForce = clock.instant();
    this.writer = Thread.ofPlatform().name("warden-audit-writer").daemon().start(this::loop);
  }

  /**
   * Opens the log in {@code config.dir()}: continues the chain of the segments there (a new
   * segment each start; one the last run did not seal is described in the new header as
   * recovered) and starts the writer. The newest segment is verified first; when it does not
   * verify, the new header says where ({@code broken}), a warning is logged and
   * {@link #startProblem()} tells it. A folder another log writes to is refused.
   */
  public static AuditLog open(Observability.Audit config, AuditContent content, Clock clock,
      List<Consumer<Written>> sinks) throws IOException {
    Path dir = config.dir();
    Files.createDirectories(dir);
    FolderLock lock = FolderLock.take(dir);
    try {
      return open(config, content, clock, sinks, lock);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static AuditLog open(Observability.Audit config, AuditContent content, Clock clock,
      List<Consumer<Written>> sinks, FolderLock lock) throws IOException {
    Path dir = config.dir();
    SealKey key = SealKey.configuredOrKept(config.sealKey(), dir);
    if (key.generated()) {
      LOG.log(System.Logger.Level.WARNING, "audit.seal_key is not configured: segments are sealed with the key kept in "
          + dir.resolve(SealKey.FILE) + "; seals then show tampering only by someone who cannot read that file."
          + " Configure audit.seal_key (${WARDEN_AUDIT_SEAL_KEY}) to keep the key elsewhere.");
    }
    List<Segments.Segment> existing = Segments.list(dir);
    long number = 1;
    String prev = Chain.GENESIS;
    long nextSeq = 1;
    Optional<ObjectNode> recovered = Optional.empty();
    Optional<ObjectNode> broken = Optional.empty();
    Optional<VerifyReport.Finding> startProblem = Optional.empty();
    if (!existing.isEmpty()) {
      Segments.Segment last = existing.getLast();
      // the segment the new one continues is checked first (one read of at most segment_bytes): an edited
      // log must not be chained onto silently
      Verifier.Tail tail = Verifier.tail(last, List.of(key));
      if (tail.lastHash().isEmpty()) {
        throw new IOException(last.path() + " has no complete audit line (not even its header)");
      }
      number = last.number() + 1;
      prev = tail.lastHash().get();
      nextSeq = tail.nextSeq();
      if (!tail.sealed()) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("segment", last.number());
        r.put("records", tail.records());
        r.put("torn_tail", tail.torn());
        // the key attests how the unsealed segment ended, as its seal would have: without it, anyone
        // could strip a segment's seal, rewrite it and claim a crash
        r.put("key_id", key.id());
        r.put("hmac", key.seal(last.number(), tail.records(), tail.lastHash().get()));
        recovered = Optional.of(r);
        LOG.log(System.Logger.Level.WARNING, "audit segment " + last.path() + " was not sealed (the gateway stopped"
            + " without closing it)" + (tail.torn() ? "; its last line is incomplete" : "")
            + ": the new segment continues the chain from its last complete line");
      }
      // a seal made with another key is what a changed seal_key leaves, not a break: the gateway has only its own
      List<VerifyReport.Finding> problems = tail.report().problems().stream()
          .filter(f -> !f.kind().equals("other key")).toList();
      if (!problems.isEmpty()) {
        VerifyReport.Finding p = problems.getFirst();
        startProblem = Optional.of(p);
        ObjectNode b = JsonNodeFactory.instance.objectNode();
        b.put("segment", last.number());
        b.put("file", Segments.name(last.number()));
        b.put("line", p.line());
        b.put("kind", p.kind());
        b.put("message", p.message());
        b.put("problems", problems.size());
        broken = Optional.of(b);
        LOG.log(System.Logger.Level.WARNING, "the audit log does not verify: " + p.render()
            + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : "") + ". The records were"
            + " changed, deleted, inserted or reordered since they were written. " + Segments.name(last.number())
            + " is left as it is; the new segment " + Segments.name(number) + " records the break in its header and"
            + " its own records verify. Run 'warden audit verify " + dir + "' and find out what happened.");
      }
    }
    OpenSegment first = OpenSegment.create(dir, number, prev, nextSeq, clock.instant(), recovered, broken);
    return new AuditLog(config, clock, new RecordJson(content), key, first, sinks, lock, startProblem);
  }

  public Observability.Durability mode() {
    return config.mode();
  }

  public Path dir() {
    return config.dir();
  }

  // ------------------------------------------------------------------ request threads

  /** Refuses a request before any work when the log cannot take its record and the log fails closed. */
  public void admit() {
    if (config.failClosed()) {
      String why = broken;
      if (why != null) {
        throw unavailable("the audit log cannot be written (" + why + ")");
      }
      if (queue.remainingCapacity() == 0) {
        throw unavailable("the audit log's queue is full");
      }
    }
  }

  /**
   * Hands a frozen record to the log. Async: returns once it is queued (waiting only while the
   * writer is more than {@code max_lag} behind). Sync: returns once it is on disk. Fails closed
   * (an {@link ApiError} 503, the record marked so) when the log cannot take it in time.
   */
  public void commit(RequestRecord r) {
    boolean sync = config.mode() == Observability.Durability.SYNC;
    String why = broken;
    if (why != null && config.failClosed()) {
      refuse(r, "the audit log cannot be written (" + why + ")");
    }
    // sync: the request renders its own record, so a group commit waits only for the chaining,
    // the write and the force, not for the rendering of every record gathered before it
    Entry e = new Entry(r, System.nanoTime(), sync, sync ? prepare(r) : null);
    if (!queue.offer(e)) {
      if (config.failClosed()) {
        refuse(r, "the audit log's queue is full");
      }
      lost.incrementAndGet();
      return;
    }
    if (sync) {
      awaitDurable(e, r);
    } else {
      awaitLag();
    }
  }

  private void refuse(RequestRecord r, String why) {
    ApiError e = unavailable(why);
    // the record says what the caller got; it is kept if the queue has room
    if (!queue.offer(new Entry(withError(r, e), System.nanoTime(), false, null))) {
      lost.incrementAndGet();
    }
    throw e;
  }

  private static RequestRecord withError(RequestRecord r, ApiError e) {
    r.overrideOutcome(e);
    return r;
  }

  /** Renders a record on the caller's thread; null when it cannot be (the writer then writes what it can). */
  private Prepared prepare(RequestRecord r) {
    try {
      return json.prepare(r);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void awaitDurable(Entry e, RequestRecord r) {
    try {
      e.durable.get(config.syncTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException ex) {
      String why = ex instanceof TimeoutException ? "the audit log did not confirm the record within "
          + config.syncTimeout().toMillis() + " ms" : "the audit log cannot be written";
      if (config.failClosed()) {
        throw unavailable(why);
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted while the audit record was written");
    }
  }

  /** Waits while the oldest unwritten record is older than {@code max_lag}, up to the sync timeout. */
  private void awaitLag() {
    long max = config.maxLag().toNanos();
    long deadline = System.nanoTime() + config.syncTimeout().toNanos();
    while (true) {
      long oldest = oldestUnwritten();
      long now = System.nanoTime();
      if (oldest == 0 || now - oldest <= max) {
        return;
      }
      if (now > deadline) {
        if (config.failClosed()) {
          throw unavailable("the audit log's writer is more than " + config.maxLag().toMillis() + " ms behind");
        }
        return;
      }
      LockSupport.parkNanos(200_000);
    }
  }

  private long oldestUnwritten() {
    long f = inFlightSince;
    Entry head = queue.peek();
    if (head == null) {
      return f;
    }
    return f == 0 ? head.enqueued : Math.min(f, head.enqueued);
  }

  private static ApiError unavailable(String why) {
    return new ApiError(503, "server_error", "audit_unavailable", "The request was refused because " + why
        + "; the gateway fails closed rather than serve requests it cannot record. Try again shortly.",
        Optional.of("1"));
  }

  /** Whether records can be written now, and why not. */
  public Optional<String> problem() {
    String b = broken;
    if (b != null) {
      return Optional.of("the audit log cannot be written: " + b);
    }
    if (!writer.isAlive()) {
      return Optional.of("the audit writer has stopped");
    }
    if (queue.remainingCapacity() == 0) {
      return Optional.of("the audit queue is full");
    }
    return Optional.empty();
  }

  /**
   * When the segment this log continued from did not verify at start (records edited, deleted,
   * inserted or reordered since they were written): its first problem, as {@code warden audit
   * verify} reports it. The new segment's header records it; empty when it verified.
   */
  public Optional<VerifyReport.Finding> startProblem() {
    return startProblem;
  }

  public int queueDepth() {
    return queue.size();
  }

  public int queueCapacity() {
    return config.queue();
  }

  public long written() {
    return written.get();
  }

  /** Records lost: refused by a full queue with {@code on_failure: continue}. */
  public long lost() {
    return lost.get();
  }

  /** Tells {@code observer} how long each force to disk took, in nanoseconds (on the writer thread). */
  public void observeForces(LongConsumer observer) {
    onForce = observer;
  }

  /** How many times the log was forced to disk (sync mode: each group commit). */
  public long forces() {
    return forces.get();
  }

  // ------------------------------------------------------------------ the writer thread

  private void loop() {
    List<Entry> pending = new ArrayList<>();
    long gather = config.mode() == Observability.Durability.SYNC ? 0
        : Math.min(GATHER.toNanos(), config.maxLag().toNanos() / 4);
    while (true) {
      try {
        if (pending.isEmpty()) {
          if (!running && queue.isEmpty()) {
            break;
          }
          Entry first = queue.poll(config.maxLag().toMillis(), TimeUnit.MILLISECONDS);
          if (first != null) {
            inFlightSince = first.enqueued;
            if (gather > 0 && running) {
              LockSupport.parkNanos(gather);
            }
            pending.add(first);
            queue.drainTo(pending, MAX_BATCH - 1);
          }
        }
        if (!pending.isEmpty()) {
          if (sealed != null) {
            throw new IOException("the next audit segment (" + Segments.name(segment.number() + 1)
                + ") could not be created");
          }
          write(pending);
          pending.clear();
          inFlightSince = 0;
          broken = null;
          if (segment.bytes() >= config.segmentBytes()) {
            rotate();
          }
        }
        housekeeping();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (IOException | RuntimeException e) {
        if (broken == null) {
          LOG.log(System.Logger.Level.ERROR, "the audit log cannot be written; retrying every " + RETRY.toSeconds()
              + " s", e);
        }
        broken = describe(e);
        if (!running && pending.isEmpty()) {
          break;
        }
        LockSupport.parkNanos(RETRY.toNanos());
        reopenIfClosed();
      }
    }
    for (Entry e : pending) {
      if (e.durable != null) {
        e.durable.completeExceptionally(new IOException("the audit log was closed before the record was written"));
      }
    }
  }

  private void write(List<Entry> pending) throws IOException {
    boolean sync = config.mode() == Observability.Durability.SYNC;
    OpenSegment.Batch batch = segment.batch();
    List<Written> lines = sinks.isEmpty() ? List.of() : new ArrayList<>(pending.size());
    for (Entry e : pending) {
      long[] at = new long[1];
      Chain.Line line = batch.add((seq, prev) -> {
        at[0] = seq;
        return e.prepared != null ? e.prepared.chained(seq, prev) : render(e.record, seq, prev);
      });
      if (!sinks.isEmpty()) {
        lines.add(new Written(at[0], segment.number(),
            new String(line.bytes(), 0, line.bytes().length - 1, java.nio.charset.StandardCharsets.UTF_8)));
      }
    }
    long forced = batch.write(sync);
    if (sync) {
      forces.incrementAndGet();
      onForce.accept(forced);
      lastForce = clock.instant();
    } else {
      dirty = true;
    }
    written.addAndGet(pending.size());
    for (Entry e : pending) {
      if (e.durable != null) {
        e.durable.complete(null);
      }
    }
    for (Written w : lines) {
      for (Consumer<Written> s : sinks) {
        try {
          s.accept(w);
        } catch (RuntimeException ex) {
          LOG.log(System.Logger.Level.WARNING, "an audit exporter refused a record", ex);
        }
      }
    }
  }

  /** A record's canonical bytes; a record that cannot be rendered still gets a line that says so. */
  private byte[] render(RequestRecord r, long seq, String prev) {
    try {
      return json.render(r, seq, prev);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "audit record " + r.id() + " could not be rendered", e);
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("type", "request");
      o.put("v", RecordJson.VERSION);
      o.put("id", r.id());
      o.put("time", r.time().toString());
      o.put("path", r.path());
      o.put("status", r.status());
      o.put("render_error", e.getClass().getSimpleName());
      o.put("seq", seq);
      o.put("prev", prev);
      return Canonical.bytes(o);
    }
  }

  private void housekeeping() throws IOException {
    if (sealed != null) {
      return;
    }
    Instant now = clock.instant();
    if (dirty && !config.fsyncInterval().isZero()
        && Duration.between(lastForce, now).compareTo(config.fsyncInterval()) >= 0) {
      onForce.accept(segment.force());
      forces.incrementAndGet();
      lastForce = now;
      dirty = false;
    }
    if (segment.records() > 0 && Duration.between(segment.created(), now).compareTo(config.rotateAfter()) >= 0) {
      rotate();
    }
    if (config.retention().isPresent() && Duration.between(lastRetention, now).compareTo(RETENTION_CHECK) >= 0) {
      lastRetention = now;
      Retention.apply(config.dir(), now.minus(config.retention().get()), segment.number());
    }
  }

  /** Seals the current segment and opens the next, chained to the seal. */
  private void rotate() throws IOException {
    sealed = segment.seal(key, clock.instant());
    dirty = false;
    openNext();
  }

  private void openNext() throws IOException {
    segment = OpenSegment.create(config.dir(), segment.number() + 1, sealed, segment.nextSeq(), clock.instant(),
        Optional.empty(), Optional.empty());
    sealed = null;
  }

  /** After a rotation whose new segment could not be created: try again (the sealed one takes no more lines). */
  private void reopenIfClosed() {
    if (sealed != null) {
      try {
        openNext();
        broken = null;
      } catch (IOException e) {
        broken = describe(e);
      }
    }
  }

  /**
   * Why the log cannot be written, as callers (the 503's message) and the unauthenticated
   * readiness check may see it: the kind of failure and the file's name, not the server's paths
   * (the writer's log line has the whole exception).
   */
  static String describe(Exception e) {
    if (e instanceof java.io.UncheckedIOException u) {
      return describe(u.getCause());
    }
    if (e instanceof java.nio.file.FileSystemException f) {
      String name = f.getFile() == null ? "" : f.getFile().substring(f.getFile().lastIndexOf('/') + 1);
      return f.getClass().getSimpleName() + (name.isEmpty() ? "" : " on " + name)
          + (f.getReason() == null ? "" : ": " + f.getReason());
    }
    if (e instanceof IOException && e.getMessage() != null && !e.getMessage().contains("/")) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName();
  }

  /** Stops taking records, writes what is queued, seals the segment. */
  @Override
  public void close() {
    // no interrupt: it would close the file channel under a write; the writer polls at least every max_lag
    running = false;
    try {
      writer.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (sealed != null) {
        return;
      }
      if (queue.isEmpty()) {
        segment.seal(key, clock.instant());
      } else {
        LOG.log(System.Logger.Level.ERROR, queue.size() + " audit records could not be written before shutdown");
        segment.close();
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.ERROR, "the audit segment could not be sealed at shutdown", e);
    } finally {
      lock.close();
    }
  }

  /** For tests: whether the writer has caught up with everything queued. */
  boolean idle() {
    return queue.isEmpty() && inFlightSince == 0;
  }
}
