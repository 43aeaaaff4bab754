package dev.warden.gateway.finance;

import dev.warden.dsl.model.Enums;
import dev.warden.gateway.config.Finance;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.store.Store;
import dev.warden.gateway.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The budgets in {@code warden_budgets}: those of the configuration file (written at startup
 * with origin {@code config}), and those set through the admin API or the key API. The request
 * path reads a snapshot of all of them, reloaded in the background once older than
 * {@code refresh}, so a budget set on one replica applies on every replica within that time (and
 * the reload's query) without a query on any request's path; a change made on this replica
 * applies to its next request.
 */
public final class BudgetBook {
  private static final System.Logger LOG = System.getLogger("warden.finance");
  private final Store store;
  private final Clock clock;
  private final long refreshNanos;
  private volatile Snapshot snapshot;
  /** How many changes this replica made (guarded by this): a reload that overlaps one is dropped. */
  private long changes;
  private final java.util.concurrent.atomic.AtomicBoolean reloading = new java.util.concurrent.atomic.AtomicBoolean();

  private record Snapshot(Map<String, StoredBudget> byScopeSubject, long loadedAt) {}

  public BudgetBook(Store store, Clock clock, Duration refresh) {
    this.store = store;
    this.clock = clock;
    this.refreshNanos = refresh.toNanos();
  }

  /**
   * Writes the configuration's budgets with origin {@code config} and removes the config rows
   * that are not in it any more; budgets set through the API are kept (a config budget of the
   * same scope and subject replaces one).
   */
  public void syncConfig(List<Finance.Budget> budgets) {
    try (Connection c = store.data().getConnection()) {
      c.setAutoCommit(false);
      try {
        Set<String> kept = new HashSet<>();
        for (Finance.Budget b : budgets) {
          StoredBudget s = StoredBudget.of(b);
          upsert(c, s);
          kept.add(s.scopeName() + "\u0000" + s.subject());
        }
        List<String[]> stale = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT scope, subject FROM warden_budgets WHERE origin = 'config'");
            ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            if (!kept.contains(rs.getString(1) + "\u0000" + rs.getString(2))) {
              stale.add(new String[] {rs.getString(1), rs.getString(2)});
            }
          }
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM warden_budgets WHERE scope = ? AND subject = ?")) {
          for (String[] s : stale) {
            d.setString(1, s[0]);
            d.setString(2, s[1]);
            d.executeUpdate();
          }
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot write the configured budgets to the store: " + e.getMessage(), e);
    }
    changed();
  }

  /** Sets a budget (origin {@code admin} unless the caller says otherwise). */
  public void put(StoredBudget b) {
    try (Connection c = store.data().getConnection()) {
      upsert(c, b);
    } catch (SQLException e) {
      throw new StoreException("cannot write the budget: " + e.getMessage(), e);
    }
    changed();
  }

  /** Removes a budget; false when there was none. Its usage rows stay (spend history). */
  public boolean delete(Enums.Scope scope, String subject) {
    try (Connection c = store.data().getConnection();
        PreparedStatement d = c.prepareStatement("DELETE FROM warden_budgets WHERE scope = ? AND subject = ?")) {
      d.setString(1, StoredBudget.scopeName(scope));
      d.setString(2, subject);
      boolean deleted = d.executeUpdate() > 0;
      changed();
      return deleted;
    } catch (SQLException e) {
      throw new StoreException("cannot delete the budget: " + e.getMessage(), e);
    }
  }

  /** Every budget, read now, ordered by scope and subject. */
  public List<StoredBudget> all() {
    return List.copyOf(load().values());
  }

  /** One budget, read now. */
  public Optional<StoredBudget> find(Enums.Scope scope, String subject) {
    return Optional.ofNullable(load().get(StoredBudget.scopeName(scope) + "\u0000" + subject));
  }

  /** The budgets that apply to a caller: of its key id, user, team, tenant and app (from the snapshot). */
  public List<StoredBudget> of(GatewayConfig.KeyConfig key) {
    Map<String, StoredBudget> m = current();
    if (m.isEmpty()) {
      return List.of();
    }
    List<StoredBudget> out = new ArrayList<>(5);
    add(out, m, Enums.Scope.KEY, key.id());
    add(out, m, Enums.Scope.USER, key.user());
    add(out, m, Enums.Scope.TEAM, key.team());
    add(out, m, Enums.Scope.TENANT, key.tenant());
    add(out, m, Enums.Scope.APP, key.app());
    return out;
  }

  private static void add(List<StoredBudget> out, Map<String, StoredBudget> m, Enums.Scope scope, String subject) {
    if (subject != null && !subject.isEmpty()) {
      StoredBudget b = m.get(StoredBudget.scopeName(scope) + "\u0000" + subject);
      if (b != null) {
        out.add(b);
      }
    }
  }

  private Map<String, StoredBudget> current() {
    Snapshot s = snapshot;
    long now = System.nanoTime();
    if (s != null && now - s.loadedAt() > refreshNanos) {
      // stale: reloaded in the background while every request goes on with the one it has; a
      // query on the request's thread every second was the slowest of one request in a hundred
      // at 100 req/s (PostgreSQL)
      if (reloading.compareAndSet(false, true)) {
        Thread.ofVirtual().name("warden-budgets-reload").start(this::reload);
      }
      return s.byScopeSubject();
    }
    if (s == null) {
      // none yet, or dropped by a change through the admin API: every request waits for the fresh one
      synchronized (this) {
        s = snapshot;
        if (s == null || System.nanoTime() - s.loadedAt() > refreshNanos) {
          s = new Snapshot(load(), System.nanoTime());
          snapshot = s;
        }
      }
    }
    return s.byScopeSubject();
  }

  /** A budget changed through this replica: the next request reads the store again. */
  private synchronized void changed() {
    changes++;
    snapshot = null;
  }

  /** Replaces the snapshot with a fresh one; a store that cannot be read leaves the old one (tried again later). */
  private void reload() {
    try {
      long before;
      synchronized (this) {
        before = changes;
      }
      Snapshot fresh = new Snapshot(load(), System.nanoTime());
      synchronized (this) {
        // a change through this replica meanwhile: what was read may predate it, the request
        // that finds no snapshot reads its own
        if (changes == before && snapshot != null) {
          snapshot = fresh;
        }
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "the budgets could not be reloaded from the store; the ones read before"
          + " still apply, and the reload is tried again", e);
    } finally {
      reloading.set(false);
    }
  }

  private Map<String, StoredBudget> load() {
    Map<String, StoredBudget> m = new LinkedHashMap<>();
    try (Connection c = store.data().getConnection();
        PreparedStatement q = c.prepareStatement("SELECT scope, subject, amount_nanousd, period, cap_percent, origin"
            + " FROM warden_budgets ORDER BY scope, subject");
        ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        Optional<Enums.Scope> scope = scope(rs.getString(1));
        Optional<Finance.Period> period = Periods.parse(rs.getString(4));
        if (scope.isEmpty() || period.isEmpty()) {
          continue; // a row this version does not know: left alone
        }
        double cap = rs.getDouble(5);
        OptionalDouble capPercent = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(cap);
        StoredBudget b = new StoredBudget(scope.get(), rs.getString(2), rs.getLong(3), period.get(), capPercent,
            rs.getString(6));
        m.put(b.scopeName() + "\u0000" + b.subject(), b);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the budgets from the store: " + e.getMessage(), e);
    }
    return m;
  }

  /** A stored scope name; empty when it is not one. */
  public static Optional<Enums.Scope> scope(String s) {
    return switch (s == null ? "" : s.toLowerCase(Locale.ROOT)) {
      case "key" -> Optional.of(Enums.Scope.KEY);
      case "user" -> Optional.of(Enums.Scope.USER);
      case "team" -> Optional.of(Enums.Scope.TEAM);
      case "tenant" -> Optional.of(Enums.Scope.TENANT);
      case "app" -> Optional.of(Enums.Scope.APP);
      default -> Optional.empty();
    };
  }

  private void upsert(Connection c, StoredBudget b) throws SQLException {
    String sql = store.postgres()
        ? "INSERT INTO warden_budgets (scope, subject, amount_nanousd, period, cap_percent, origin, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope, subject) DO UPDATE SET"
            + " amount_nanousd = EXCLUDED.amount_nanousd, period = EXCLUDED.period,"
            + " cap_percent = EXCLUDED.cap_percent, origin = EXCLUDED.origin, updated_at = EXCLUDED.updated_at"
        : "MERGE INTO warden_budgets (scope, subject, amount_nanousd, period, cap_percent, origin, updated_at)"
            + " KEY (scope, subject) VALUES (?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, b.scopeName());
      p.setString(2, b.subject());
      p.setLong(3, b.amountNanos());
      p.setString(4, Periods.name(b.period()));
      if (b.capPercent().isPresent()) {
        p.setDouble(5, b.capPercent().getAsDouble());
      } else {
        p.setNull(5, Types.DOUBLE);
      }
      p.setString(6, b.origin());
      p.setObject(7, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
      p.executeUpdate();
    }
  }
}
