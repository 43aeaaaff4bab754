package dev.warden.gateway.finance;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The fast side of budgets: per budget period, what is spent (settled) and what is reserved
 * by calls in flight, in nano-USD. The reservation check and increment is atomic over all the
 * budgets of a call (all or none), so concurrent calls cannot together pass a cap. In this
 * process ({@link LocalCounters}) for one replica; in Redis ({@link RedisCounters}) when
 * replicas share budgets. A counter missing (first use, Redis restarted) is rebuilt from SQL.
 */
public interface Counters {
  /** Where a counter's values come from when it is missing: {spent, reserved} from SQL. */
  @FunctionalInterface
  interface Source {
    long[] load(Hold h);
  }

  /**
   * Reserves {@code amount} on every hold whose cap allows it, or on none.
   *
   * @return -1 when reserved, else the index of the first hold whose cap it would pass
   */
  int reserve(List<Hold> holds, long amount);

  /**
   * After a call: {@code reserved -= estimate} on the holds it reserved on, and
   * {@code spent += cost} on the same budgets' current periods ({@code current}, in the same order).
   */
  void settle(List<Hold> reserved, long estimate, List<Hold> current, long cost);

  /** The settled spend of each hold's period, in nano-USD. */
  long[] spent(List<Hold> holds);

  /**
   * {@link #spent}, sent before this returns and answered later: what is sent by
   * {@link #spentInOrder} and {@link #settleInOrder} one after the other is applied in that
   * order. The answer fails when the counters cannot say at once (a counter missing, to be
   * rebuilt): the caller then uses {@link #spent}. In this process: done at once.
   */
  default CompletableFuture<long[]> spentInOrder(List<Hold> holds) {
    try {
      return CompletableFuture.completedFuture(spent(holds));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** {@link #settle}, sent before this returns (in order with {@link #spentInOrder}) and done when the future is. */
  default CompletableFuture<Void> settleInOrder(List<Hold> reserved, long estimate, List<Hold> current, long cost) {
    try {
      settle(reserved, estimate, current, cost);
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
