package dev.warden.gateway.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The system clock moved forward by a shift tests can change: expiries and grace periods without sleeping. */
public final class ShiftedClock extends Clock {
  private final AtomicReference<Duration> shift;
  private final ZoneId zone;

  public ShiftedClock() {
    this(new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
  }

  private ShiftedClock(AtomicReference<Duration> shift, ZoneId zone) {
    this.shift = shift;
    this.zone = zone;
  }

  /** Moves this clock, and every clock {@link #withZone} made of it, forward. */
  public void advance(Duration d) {
    shift.updateAndGet(s -> s.plus(d));
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId z) {
    return new ShiftedClock(shift, z);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(shift.get());
  }
}
