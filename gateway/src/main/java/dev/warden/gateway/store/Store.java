package dev.warden.gateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.warden.gateway.config.Finance;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The SQL store of keys, budgets, reservations and spend: H2 (in a file, or in memory when no
 * store is configured) or PostgreSQL, pooled with HikariCP, its schema brought up to date by
 * Flyway ({@code classpath:db/warden}) when it opens, so every replica and every version finds
 * the tables it expects.
 */
public final class Store implements AutoCloseable {
  /** Flyway's history table for this schema (the audit exporter keeps its own). */
  static final String HISTORY = "warden_schema_history";
  private final HikariDataSource data;
  private final boolean postgres;
  private final String shown;

  private Store(HikariDataSource data, boolean postgres, String shown) {
    this.data = data;
    this.postgres = postgres;
    this.shown = shown;
  }

  /**
   * Opens the configured store, or an in-memory H2 database (lost when the gateway stops) when
   * none is, and migrates it.
   *
   * @throws StoreException when it cannot be reached or migrated; the message names the URL
   *     (never the password)
   */
  public static Store open(Optional<Finance.Store> config) {
    Finance.Store c = config.orElseGet(() -> new Finance.Store(
        "jdbc:h2:mem:warden-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 4));
    boolean postgres = c.url().startsWith("jdbc:postgresql:");
    HikariConfig h = new HikariConfig();
    h.setJdbcUrl(postgres ? c.url() : h2Tuned(c.url()));
    if (!c.user().isEmpty()) {
      h.setUsername(c.user());
    }
    if (!c.password().isEmpty()) {
      h.setPassword(c.password());
    }
    if (!c.schema().isEmpty()) {
      h.setSchema(c.schema());
    }
    h.setMaximumPoolSize(c.pool());
    h.setMinimumIdle(Math.min(2, c.pool()));
    h.setPoolName("warden-store");
    h.setConnectionTimeout(5_000);
    // a store that cannot be reached stops the gateway at startup with a clear message
    h.setInitializationFailTimeout(5_000);
    String shown = c.url().replaceAll("(?i)password=[^&;]*", "password=***");
    HikariDataSource data;
    try {
      data = new HikariDataSource(h);
    } catch (RuntimeException e) {
      String why = rootMessage(e);
      if (!postgres && h2FileInUse(e)) {
        why += " (another gateway, or warden spend, has this H2 file open: stop it, ask it with warden spend --url,"
            + " or give this gateway a store of its own: store.url; WARDEN_STORE_URL for ./warden run)";
      }
      throw new StoreException("cannot open the store " + shown + ": " + why, e);
    }
    try {
      var flyway = Flyway.configure().dataSource(data).table(HISTORY).locations("classpath:db/warden");
      if (!c.schema().isEmpty()) {
        flyway.schemas(c.schema()).defaultSchema(c.schema()).createSchemas(true);
      }
      flyway.load().migrate();
    } catch (FlywayException e) {
      data.close();
      throw new StoreException("cannot bring the store " + shown + " up to date: " + rootMessage(e), e);
    }
    return new Store(data, postgres, shown);
  }

  /**
   * H2 keeps the parsed form of only 8 statements per connection by default; the request path
   * alone uses about that many (key lookup, reservation, settlement, budget reads), so every
   * request would parse its SQL again. A larger cache unless the URL sets its own.
   */
  static String h2Tuned(String url) {
    return url.toUpperCase(java.util.Locale.ROOT).contains("QUERY_CACHE_SIZE") ? url : url + ";QUERY_CACHE_SIZE=64";
  }

  public DataSource data() {
    return data;
  }

  /** Whether this is the in-memory H2 database of a gateway configured without a store. */
  public boolean inMemory() {
    return shown.startsWith("jdbc:h2:mem:");
  }

  /** PostgreSQL (true) or H2 (false): the few statements that differ choose by this. */
  public boolean postgres() {
    return postgres;
  }

  /** Whether the store answers a query within its connection timeout (readiness). */
  public boolean reachable() {
    try (Connection c = data.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return shown;
  }

  @Override
  public void close() {
    data.close();
  }

  /** H2's "database already open" (90020): another process holds the file's lock. */
  private static boolean h2FileInUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLException s && s.getErrorCode() == 90020) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
