package dev.warden.gateway.finance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.store.Redis;
import dev.warden.gateway.testing.SharedStores;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger tests on the local PostgreSQL with the counters in the local Redis (as replicas
 * run), under a key prefix of their own deleted afterwards: the facts' reads and the
 * settlements' writes reach Redis in the order they were sent; a reservation's row is written
 * while its counters' answer travels, and what a refusal, a crash or a lost counter leaves is
 * held once.
 */
class RedisLedgerTest extends PostgresLedgerTest {
  private final String prefix = "warden-test-b:ledger:" + ProcessHandle.current().pid() + ":" + System.nanoTime() + ":";
  private Redis redis;

  @Override
  Optional<Redis> redis() {
    if (redis == null) {
      redis = Redis.connect(SharedStores.REDIS, prefix);
    }
    return Optional.of(redis);
  }

  @AfterEach
  void closeRedis() {
    if (redis != null) {
      redis.close();
    }
    SharedStores.deleteKeys(prefix);
  }

  /** What the counters in Redis hold reserved on a hold's budget period. */
  private long reservedInRedis(Hold h) {
    String v = redis.strings().sync().hget(prefix + "budget:" + h.counter(), "reserved");
    return v == null ? -1 : Long.parseLong(v);
  }

  @Test
  void aRefusedReservationLeavesNeitherItsRowNorItsAmountBehind() throws Exception {
    Reservation first = reserve("req-1", 1000, 500);
    assertEquals(402, assertThrows(ApiError.class, () -> reserve("req-2", 1000, 500)).status());
    assertEquals(1, scalar("SELECT COUNT(*) FROM warden_reservations"));
    assertEquals(0, scalar("SELECT COUNT(*) FROM warden_reservations WHERE request_id = 'req-2'"));
    for (Hold h : first.holds()) {
      assertEquals(first.amountNanos(), reservedInRedis(h), h.counter());
    }
  }

  /**
   * A refusal holds its amount in the counters until its row is deleted: a crash in between
   * leaves a row that expires, and its sweep gives back only what it added, not what the
   * reservations still open hold.
   */
  @Test
  void aRowLeftByACrashAfterARefusalIsSweptWithoutTakingWhatOthersHold() throws Exception {
    Reservation taken = reserve("req-1", 1000, 500);
    Reservation refused = new Reservation("req-refused", taken.caller(), taken.model(), taken.amountNanos(),
        taken.holds(), taken.createdAt(), taken.expiresAt(), true);
    Counters counters = new RedisCounters(redis, meter.ledger()::counter);
    // what reserveBeside does before it deletes the row; the crash comes here
    meter.ledger().reserve(refused);
    assertEquals(0, counters.reserveAhead(refused.holds(), refused.amountNanos()).join(), "the team budget refuses");
    meter.release(taken, record("req-1"));
    clock.advance(Duration.ofMinutes(11));
    Reservation open = reserve("req-open", 100, 100);
    assertEquals(1, meter.sweep());
    assertEquals(refused.amountNanos(), scalar("SELECT cost_nanousd FROM warden_spend WHERE request_id = 'req-refused'"));
    for (Hold h : open.holds()) {
      assertEquals(open.amountNanos(), reservedInRedis(h), h.counter());
    }
  }

  /** Counters Redis lost while the row was written are rebuilt from SQL without this row, then reserved once. */
  @Test
  void countersLostBeforeAReservationAreRebuiltAndHoldItOnce() throws Exception {
    Reservation first = reserve("req-1", 1000, 500);
    SharedStores.deleteKeys(prefix);
    Reservation second = reserve("req-2", 100, 100);
    assertEquals(2, scalar("SELECT COUNT(*) FROM warden_reservations"));
    for (Hold h : second.holds()) {
      assertEquals(first.amountNanos() + second.amountNanos(), reservedInRedis(h), h.counter());
    }
  }
}
