package dev.warden.gateway.providers;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closes a stream that has sent nothing for too long, so an upstream that hangs mid-stream
 * ends the read with an error instead of holding the caller forever.
 */
final class IdleWatch implements AutoCloseable {
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "warden-idle-watch");
    t.setDaemon(true);
    return t;
  });

  private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
  private final AtomicBoolean fired = new AtomicBoolean();
  private final ScheduledFuture<?> check;

  IdleWatch(Closeable stream, Duration idle) {
    long limit = idle.toNanos();
    long period = Math.max(50, Math.min(1000, idle.toMillis() / 4));
    this.check = TIMER.scheduleAtFixedRate(() -> {
      if (System.nanoTime() - lastActivity.get() > limit && fired.compareAndSet(false, true)) {
        try {
          stream.close();
        } catch (IOException ignored) {
          // the reader sees the closed stream
        }
      }
    }, period, period, TimeUnit.MILLISECONDS);
  }

  void touch() {
    lastActivity.set(System.nanoTime());
  }

  boolean fired() {
    return fired.get();
  }

  @Override
  public void close() {
    check.cancel(false);
  }
}
