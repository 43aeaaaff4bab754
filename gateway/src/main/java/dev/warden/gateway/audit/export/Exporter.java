package dev.warden.gateway.audit.export;

import dev.warden.gateway.audit.Written;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Copies audit records somewhere else (a SIEM, a database) without ever holding up the gateway:
 * the audit writer hands each written record to a bounded backlog and goes on; this exporter's
 * own thread sends them in batches and retries a failed batch with exponential backoff (with
 * jitter, up to {@link #MAX_BACKOFF}). While the receiver is down the backlog fills; when it is
 * full the oldest records are dropped and counted ({@link #dropped()}, in the metrics). The local
 * log stays complete either way, so what was dropped can be sent again from it.
 */
public abstract class Exporter implements Consumer<Written>, AutoCloseable {
  static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final System.Logger LOG = System.getLogger("warden.audit.export");
  private final String name;
  private final int batch;
  private final ArrayBlockingQueue<Written> backlog;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile String lastError = "";
  private volatile boolean running = true;
  private volatile boolean inFlight;
  private Thread thread;

  /** A batch the receiver refused for what it is (not because it is down): retrying would not help. */
  public static final class Rejected extends IOException {
    public Rejected(String message) {
      super(message);
    }
  }

  protected Exporter(String name, int backlog, int batch) {
    this.name = name;
    this.batch = batch;
    this.backlog = new ArrayBlockingQueue<>(backlog);
  }

  /** Starts the sending thread; subclasses call it once they are ready. */
  protected final void startThread() {
    thread = Thread.ofPlatform().daemon().name("warden-audit-export-" + name).start(this::loop);
  }

  /** Sends one batch, in order; throws to have it retried ({@link Rejected}: dropped instead). */
  protected abstract void send(List<Written> records) throws IOException;

  /** Called on the sending thread before the first send and after a failure (connect, migrate...). */
  protected void prepare() throws IOException {}

  /** Releases connections; called once the thread stopped. */
  protected void release() {}

  public String name() {
    return name;
  }

  /** Never blocks: a full backlog drops its oldest record. */
  @Override
  public final void accept(Written w) {
    while (!backlog.offer(w)) {
      if (backlog.poll() != null) {
        dropped.incrementAndGet();
      }
    }
  }

  public int backlog() {
    return backlog.size();
  }

  public long sent() {
    return sent.get();
  }

  public long dropped() {
    return dropped.get();
  }

  public long rejected() {
    return rejected.get();
  }

  public long failures() {
    return failures.get();
  }

  public String lastError() {
    return lastError;
  }

  /** Whether everything handed over so far has been sent (or dropped). */
  public boolean drained() {
    return backlog.isEmpty() && !inFlight;
  }

  private void loop() {
    List<Written> current = new ArrayList<>(batch);
    long backoff = 0;
    boolean ready = false;
    while (running || !backlog.isEmpty() || !current.isEmpty()) {
      try {
        if (!ready) {
          prepare();
          ready = true;
        }
        if (current.isEmpty()) {
          Written first = backlog.poll(200, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          inFlight = true;
          current.add(first);
          backlog.drainTo(current, batch - 1);
        }
        send(current);
        sent.addAndGet(current.size());
        current.clear();
        inFlight = false;
        backoff = 0;
      } catch (Rejected e) {
        rejected.addAndGet(current.size());
        lastError = e.getMessage();
        LOG.log(System.Logger.Level.WARNING, "audit exporter " + name + " dropped " + current.size()
            + " records its receiver refused: " + e.getMessage());
        current.clear();
        inFlight = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (IOException | RuntimeException e) {
        failures.incrementAndGet();
        lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (backoff == 0) {
          LOG.log(System.Logger.Level.WARNING, "audit exporter " + name + " cannot send (" + lastError
              + "); retrying with backoff, records queue up to the backlog's size");
        }
        ready = false;
        if (!running) {
          break;
        }
        backoff = backoff == 0 ? FIRST_BACKOFF.toMillis() : Math.min(MAX_BACKOFF.toMillis(), backoff * 2);
        sleep(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
      }
    }
    inFlight = false;
    release();
  }

  private void sleep(long ms) {
    long until = System.currentTimeMillis() + ms;
    while (running && System.currentTimeMillis() < until) {
      try {
        Thread.sleep(Math.min(100, Math.max(1, until - System.currentTimeMillis())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Sends what is in the backlog for up to {@code grace}, then stops. */
  public void close(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    while (!drained() && System.nanoTime() < deadline && thread != null && thread.isAlive()) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    running = false;
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
