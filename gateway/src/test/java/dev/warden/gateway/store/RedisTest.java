package dev.warden.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The local Redis (CI starts it: .ci/run) is reached; one that is not is named without its password. */
class RedisTest {
  @Test
  void theLocalRedisAnswers() {
    String key = "warden-test:" + ProcessHandle.current().pid() + ":ping";
    try (Redis r = Redis.connect("redis://127.0.0.1:6379", "warden-test:")) {
      assertTrue(r.reachable());
      r.strings().sync().set(key, "1");
      assertEquals("1", r.strings().sync().get(key));
      r.strings().sync().del(key);
    }
  }

  @Test
  void anUnreachableRedisIsNamedWithoutItsPassword() {
    StoreException e = assertThrows(StoreException.class,
        () -> Redis.connect("redis://:hunter2@127.0.0.1:1", "warden:"));
    assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }
}
