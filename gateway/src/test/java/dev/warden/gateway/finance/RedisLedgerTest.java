package dev.warden.gateway.finance;

import dev.warden.gateway.store.Redis;
import dev.warden.gateway.testing.SharedStores;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/**
 * The ledger tests on the local PostgreSQL with the counters in the local Redis (as replicas
 * run), under a key prefix of their own deleted afterwards: the facts' reads and the
 * settlements' writes reach Redis in the order they were sent.
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
}
