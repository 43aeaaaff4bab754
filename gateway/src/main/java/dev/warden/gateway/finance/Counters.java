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

  /**
   * Whether the counters are across a round trip (Redis): then a reservation is sent ahead with
   * {@link #reserveAhead} and its row written while it travels.
   */
  default boolean remote() {
    return false;
  }

  /**
   * {@link #reserve}, sent before this returns and answered later, for a reservation whose row
   * is written meanwhile. Unlike {@link #reserve}, a refusal holds the amount too, on every hold,
   * until the caller gives it back ({@link #settle} with a cost of 0) after deleting the row:
   * so a row a crash leaves always has its amount in the counters, which its sweep takes back.
   * The answer fails with {@link MissingCounters} when a counter is missing (nothing was
   * reserved): the caller deletes its row and uses {@link #reserve}, which rebuilds it.
   */
  default CompletableFuture<Integer> reserveAhead(List<Hold> holds, long amount) {
    throw new UnsupportedOperationException("the counters in this process are reserved with reserve");
  }

  /** A counter {@link #reserveAhead} needed is missing (first use, Redis restarted): nothing was reserved. */
  final class MissingCounters extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public MissingCounters() {
      super("a budget counter is missing in Redis");
    }
  }
}
