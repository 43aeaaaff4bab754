package dev.warden.gateway.testing;

import dev.warden.gateway.store.Redis;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The machine's PostgreSQL and Redis, as the tests of many replicas use them: each test in a
 * schema and under a key prefix of its own, removed afterwards with these.
 */
public final class SharedStores {
  public static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
  public static final String REDIS = "redis://127.0.0.1:6379";

  private SharedStores() {}

  /** Drops a test's schema, with everything in it. */
  public static void dropSchema(String schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(PG, "postgres", ""); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  /** Deletes every Redis key under a test's prefix. */
  public static void deleteKeys(String prefix) {
    try (Redis r = Redis.connect(REDIS, prefix)) {
      List<String> keys = r.strings().sync().keys(prefix + "*");
      if (!keys.isEmpty()) {
        r.strings().sync().del(keys.toArray(String[]::new));
      }
    }
  }

  /**
   * Commits {@code lock} (a transaction holding row locks) after {@code millis} on a thread of
   * its own: what a test holds a write up with. Join the thread before closing the connection.
   */
  public static Thread commitLater(Connection lock, long millis) {
    return Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(millis);
        lock.commit();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }
}
