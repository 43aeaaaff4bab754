package dev.warden.gateway.finance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Budget counters in this process: right for one replica. A counter is loaded from SQL the
 * first time a budget period is used, so a restart keeps spend and open reservations. One lock
 * makes a reservation over several budgets atomic; it is held for a few map operations.
 */
public final class LocalCounters implements Counters {
  private final Source source;
  private final Map<String, long[]> counters = new HashMap<>();

  public LocalCounters(Source source) {
    this.source = source;
  }

  @Override
  public synchronized int reserve(List<Hold> holds, long amount) {
    for (int i = 0; i < holds.size(); i++) {
      Hold h = holds.get(i);
      long[] c = counter(h);
      if (h.capNanos() >= 0 && c[0] + c[1] + amount > h.capNanos()) {
        return i;
      }
    }
    for (Hold h : holds) {
      counter(h)[1] += amount;
    }
    return -1;
  }

  @Override
  public synchronized void settle(List<Hold> reserved, long estimate, List<Hold> current, long cost) {
    for (Hold h : reserved) {
      long[] c = counters.get(h.counter());
      if (c != null) {
        c[1] = Math.max(0, c[1] - estimate);
      }
    }
    for (Hold h : current) {
      long[] c = counters.get(h.counter());
      if (c != null) {
        c[0] += cost;
      }
    }
  }

  @Override
  public synchronized long[] spent(List<Hold> holds) {
    long[] out = new long[holds.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = counter(holds.get(i))[0];
    }
    return out;
  }

  /** A missing counter is loaded from SQL; a settlement already there is then counted once. */
  private long[] counter(Hold h) {
    return counters.computeIfAbsent(h.counter(), k -> source.load(h).clone());
  }
}
