package dev.warden.gateway.finance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.warden.gateway.store.Store;
import dev.warden.gateway.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The durable side of budgets, in SQL: open reservations ({@code warden_reservations}), one
 * {@code warden_spend} row per metered call, and each budget's spend per period
 * ({@code warden_budget_usage}). A settlement is one transaction (the spend row, the
 * reservation deleted, the usage of every budget it held added), so the sum of spend rows
 * equals the usage to the nano-USD. A reservation is claimed by deleting it: whoever deletes
 * it settles it, so a reservation swept as expired by two replicas is charged once.
 */
public final class Ledger {
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * A CTE that makes its statement's transaction commit without waiting for the WAL flush
   * ({@code synchronous_commit off}, PostgreSQL). A flush costs 1-5 ms per request on a busy
   * disk, more than everything else metering does; without it a gateway crash still loses
   * nothing (the database has the commit), and a crash of the database server itself loses at
   * most its last ~0.6 s of commits (three {@code wal_writer_delay}s), never consistency: a
   * settlement is whole or absent, and an absent one's reservation is charged at its estimate.
   */
  static final String ASYNC_COMMIT = "async AS (SELECT set_config('synchronous_commit', 'off', true))";
  private final Store store;
  private final ZoneId zone;

  public Ledger(Store store, ZoneId zone) {
    this.store = store;
    this.zone = zone;
  }

  /**
   * Writes the reservation before the call, so a crash of the gateway leaves a row that
   * expires. On PostgreSQL without waiting for the WAL flush ({@code synchronous_commit off}):
   * the row guards against a gateway crash, which it survives, not against a database crash,
   * and it saves a disk flush per request. A row lost that way is harmless: settlement does not
   * depend on it (see {@link #settle}).
   */
  public void reserve(Reservation r) {
    try (Connection c = store.data().getConnection()) {
      insertReservation(c, r);
    } catch (SQLException e) {
      throw new StoreException("cannot write the budget reservation: " + e.getMessage(), e);
    }
  }

  private void insertReservation(Connection c, Reservation r) throws SQLException {
    String columns = "INSERT INTO warden_reservations (request_id, key_id, user_name, team, tenant, app, model,"
        + " amount_nanousd, budgets, created_at, expires_at) ";
    // PostgreSQL: the statement's own transaction commits without waiting for the WAL flush
    String sql = store.postgres()
        ? "WITH " + ASYNC_COMMIT + " " + columns + "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM async"
        : columns + "VALUES (?,?,?,?,?,?,?,?,?,?,?)";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, r.requestId());
      p.setString(2, r.caller().keyId());
      p.setString(3, r.caller().user());
      p.setString(4, r.caller().team());
      p.setString(5, r.caller().tenant());
      p.setString(6, r.caller().app());
      p.setString(7, r.model());
      p.setLong(8, r.amountNanos());
      p.setString(9, holdsJson(r.holds()));
      p.setObject(10, time(r.createdAt()));
      p.setObject(11, time(r.expiresAt()));
      p.executeUpdate();
    }
  }

  /**
   * Settles a call: its spend row, its reservation deleted, its cost added to the usage of each
   * budget it held (in the period of {@code now}), in one transaction.
   *
   * <p>The spend row's key is the request id, so a call whose reservation expired and was
   * charged at its estimate meanwhile is not charged again: the insert fails and nothing is
   * written. (The reservation row's presence is not the test: it may have been lost.)
   *
   * @return false when the call was charged already (its reservation expired and was settled)
   */
  public boolean settle(Reservation r, Charge charge, Instant now) {
    if (store.postgres()) {
      return settleInOneStatement(r, charge, now);
    }
    try (Connection c = store.data().getConnection()) {
      c.setAutoCommit(false);
      try {
        if (r.stored()) {
          claim(c, r.requestId());
        }
        try {
          insertSpend(c, r.requestId(), r.caller(), charge, now);
        } catch (java.sql.SQLIntegrityConstraintViolationException duplicate) {
          c.rollback();
          return false;
        } catch (SQLException e) {
          if ("23505".equals(e.getSQLState())) { // PostgreSQL: unique_violation
            c.rollback();
            return false;
          }
          throw e;
        }
        for (Hold h : r.holds()) {
          addUsage(c, h.at(now, zone), charge.costNanos());
        }
        c.commit();
        return true;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot settle the call's spend: " + e.getMessage(), e);
    }
  }

  /**
   * Settles several calls (those that ended in the same few milliseconds): on PostgreSQL their
   * statements ({@link #settleInOneStatement}) in one transaction, sent together and committed
   * once without waiting for the WAL flush; when one of them fails (a call charged already) the
   * transaction is rolled back and each is settled on its own. On H2 the statements of
   * {@link #settle} for all of them in one transaction, with the same fallback.
   *
   * @return for each, whether it was settled now (false: charged already, or it failed: logged,
   *     its reservation is left to expire and be charged at its estimate)
   */
  boolean[] settleAll(List<Meter.Settled> batch) {
    if (store.postgres() && batch.size() > 1) {
      try (Connection c = store.data().getConnection()) {
        c.setAutoCommit(false);
        try {
          Map<String, PreparedStatement> statements = new HashMap<>();
          try {
            for (Meter.Settled s : batch) {
              String sql = settleSql(s.reservation());
              PreparedStatement p = statements.get(sql);
              if (p == null) {
                p = c.prepareStatement(sql);
                statements.put(sql, p);
              }
              settleParams(p, s.reservation(), s.charge(), s.at());
              if (s.reservation().holds().isEmpty()) {
                p.execute(); // a query: not in a batch
              } else {
                p.addBatch();
              }
            }
            for (PreparedStatement p : statements.values()) {
              p.executeBatch();
            }
          } finally {
            for (PreparedStatement p : statements.values()) {
              p.close();
            }
          }
          c.commit();
          boolean[] all = new boolean[batch.size()];
          java.util.Arrays.fill(all, true);
          return all;
        } catch (SQLException e) {
          c.rollback(); // one of them was charged already, say: each on its own
        } finally {
          c.setAutoCommit(true);
        }
      } catch (SQLException e) {
        // the store cannot be reached now: each on its own, which logs why
      }
    } else if (!store.postgres() && batch.size() > 1) {
      // H2: the same statements as settle, for the whole batch in one transaction (one commit
      // and one connection instead of one per call); a call charged already rolls it back
      try (Connection c = store.data().getConnection()) {
        c.setAutoCommit(false);
        try (PreparedStatement claim = c.prepareStatement(CLAIM); PreparedStatement spend = c.prepareStatement(SPEND)) {
          Map<Hold, Long> usage = new LinkedHashMap<>();
          for (Meter.Settled s : batch) {
            if (s.reservation().stored()) {
              claim.setString(1, s.reservation().requestId());
              claim.executeUpdate();
            }
            spendParams(spend, 1, s.reservation().requestId(), s.reservation().caller(), s.charge(), s.at());
            spend.executeUpdate();
            for (Hold h : s.reservation().holds()) {
              usage.merge(h.at(s.at(), zone), s.charge().costNanos(), Long::sum);
            }
          }
          // each budget's usage row once per batch: the calls of a batch mostly share their budgets
          for (Map.Entry<Hold, Long> u : usage.entrySet()) {
            addUsage(c, u.getKey(), u.getValue());
          }
          c.commit();
          boolean[] all = new boolean[batch.size()];
          java.util.Arrays.fill(all, true);
          return all;
        } catch (SQLException | RuntimeException e) {
          c.rollback(); // one of them was charged already, say: each on its own
        } finally {
          c.setAutoCommit(true);
        }
      } catch (SQLException e) {
        // the store cannot be reached now: each on its own, which logs why
      }
    }
    boolean[] out = new boolean[batch.size()];
    for (int i = 0; i < out.length; i++) {
      Meter.Settled s = batch.get(i);
      try {
        out[i] = settle(s.reservation(), s.charge(), s.at());
      } catch (RuntimeException e) {
        System.getLogger("warden.finance").log(System.Logger.Level.ERROR, "request " + s.reservation().requestId()
            + " could not be settled; its reservation will be charged when it expires", e);
      }
    }
    return out;
  }

  /**
   * {@link #settle} on PostgreSQL as one statement (data-modifying CTEs run in one implicit
   * transaction): one round trip and one commit instead of six. The commit does not wait for the
   * WAL flush ({@link #ASYNC_COMMIT}).
   */
  private boolean settleInOneStatement(Reservation r, Charge ch, Instant now) {
    try (Connection c = store.data().getConnection(); PreparedStatement p = c.prepareStatement(settleSql(r))) {
      settleParams(p, r, ch, now);
      p.execute();
      return true;
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) { // unique_violation on the spend row: charged already
        return false;
      }
      throw new StoreException("cannot settle the call's spend: " + e.getMessage(), e);
    }
  }

  /** The statement of {@link #settleInOneStatement}, for a reservation with this many holds. */
  private static String settleSql(Reservation r) {
    StringBuilder sql = new StringBuilder("WITH " + ASYNC_COMMIT + ","
        + " released AS (DELETE FROM warden_reservations WHERE request_id = ?),"
        + " spend AS (INSERT INTO warden_spend (request_id, occurred_at, key_id, user_name, team, tenant, app,"
        + " requested_model, model, endpoint, tags, input_tokens, output_tokens, cached_tokens, cost_nanousd, estimated,"
        + " outcome) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING cost_nanousd)");
    if (r.holds().isEmpty()) {
      sql.append(" SELECT cost_nanousd FROM spend, async");
    } else {
      sql.append(" INSERT INTO warden_budget_usage (scope, subject, period_start, spent_nanousd)"
          + " SELECT v.scope, v.subject, v.period_start, spend.cost_nanousd FROM spend, async, (VALUES ");
      for (int i = 0; i < r.holds().size(); i++) {
        sql.append(i == 0 ? "" : ", ").append("(CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS TIMESTAMPTZ))");
      }
      sql.append(") AS v(scope, subject, period_start) ON CONFLICT (scope, subject, period_start) DO UPDATE"
          + " SET spent_nanousd = warden_budget_usage.spent_nanousd + EXCLUDED.spent_nanousd");
    }
    return sql.toString();
  }

  private void settleParams(PreparedStatement p, Reservation r, Charge ch, Instant now) throws SQLException {
    p.setString(1, r.requestId());
    spendParams(p, 2, r.requestId(), r.caller(), ch, now);
    int i = 19;
    for (Hold h : r.holds()) {
      Hold at = h.at(now, zone);
      p.setString(i++, at.scope());
      p.setString(i++, at.subject());
      p.setObject(i++, time(at.periodStart()));
    }
  }

  /** Deletes a reservation whose call cost nothing (the upstream answered nothing); false when it was gone. */
  public boolean release(String requestId) {
    try (Connection c = store.data().getConnection()) {
      if (store.postgres()) {
        // lost with a database crash, the row would be charged at its estimate: no flush wait
        try (PreparedStatement d = c.prepareStatement("WITH " + ASYNC_COMMIT + " DELETE FROM warden_reservations"
            + " WHERE request_id = ? AND EXISTS (SELECT 1 FROM async)")) {
          d.setString(1, requestId);
          return d.executeUpdate() == 1;
        }
      }
      return claim(c, requestId);
    } catch (SQLException e) {
      throw new StoreException("cannot release the budget reservation: " + e.getMessage(), e);
    }
  }

  /** A reservation a crash left, settled at its amount by {@link #sweep(Instant)}. */
  public record Expired(String requestId, long amountNanos, List<Hold> holds) {}

  /**
   * Settles every reservation that expired before {@code now} at its amount (outcome
   * {@code expired}); each is claimed by deleting it, so replicas sweeping at once settle it once.
   *
   * @return the reservations this call settled (their counters are the caller's to update)
   */
  public List<Expired> sweep(Instant now) {
    List<Expired> out = new ArrayList<>();
    try (Connection c = store.data().getConnection()) {
      List<String> ids = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement(
          "SELECT request_id FROM warden_reservations WHERE expires_at < ? ORDER BY expires_at")) {
        q.setObject(1, time(now));
        q.setMaxRows(1000);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
      }
      c.setAutoCommit(false);
      for (String id : ids) {
        try {
          Optional<Expired> e = expire(c, id, now);
          c.commit();
          e.ifPresent(out::add);
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot settle expired reservations: " + e.getMessage(), e);
    }
    return out;
  }

  private Optional<Expired> expire(Connection c, String id, Instant now) throws SQLException {
    Reservation.Caller caller;
    String model;
    long amount;
    List<Hold> holds;
    try (PreparedStatement q = c.prepareStatement("SELECT key_id, user_name, team, tenant, app, model, amount_nanousd,"
        + " budgets FROM warden_reservations WHERE request_id = ?")) {
      q.setString(1, id);
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        caller = new Reservation.Caller(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5));
        model = rs.getString(6);
        amount = rs.getLong(7);
        holds = holds(rs.getString(8));
      }
    }
    if (!claim(c, id)) {
      return Optional.empty(); // another replica took it
    }
    insertSpend(c, id, caller, new Charge(model, model, "", Map.of(), 0, 0, 0, amount, true, "expired"), now);
    for (Hold h : holds) {
      addUsage(c, h.at(now, zone), amount);
    }
    return Optional.of(new Expired(id, amount, holds));
  }

  /** Whether the store is the in-memory database of a gateway configured without one. */
  public boolean inMemory() {
    return store.inMemory();
  }

  /**
   * Drops the index of spend rows by time from the in-memory store: it holds at most
   * {@link Meter#IN_MEMORY_SPEND_ROWS} rows, which a spend report can scan without it, while
   * every settlement paid to insert its row in it and every trimmed row to take it out
   * ({@link #trimSpend} deletes in the order rows were written instead). Stores
   * that keep their rows (a file, PostgreSQL) keep it: their reports need it.
   */
  void dropInMemoryTimeIndex() {
    if (!store.inMemory()) {
      throw new IllegalStateException("only the in-memory store drops its time index");
    }
    try (Connection c = store.data().getConnection(); java.sql.Statement s = c.createStatement()) {
      s.execute("DROP INDEX IF EXISTS warden_spend_time");
    } catch (SQLException e) {
      throw new StoreException("cannot drop the in-memory store's time index: " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the oldest spend rows once there are more than {@code keep}, down to the newest
   * {@code keep - margin}: for the in-memory store (H2), whose rows would otherwise grow with
   * every call until the heap is full. Oldest means written first on H2 (its row key, which
   * grows with each row; a settlement's row is written just after its call ended), the earliest
   * {@code occurred_at} on PostgreSQL. Budgets do not read
   * these rows (their usage is kept per period in {@code warden_budget_usage}), only spend
   * reports do.
   *
   * <p>Trimming by a margin makes it amortized: a sweep below the bound only counts the rows;
   * one past it walks the row keys (or the time index) over the rows it deletes (about
   * {@code margin}), from the oldest, never over the rows it keeps.
   *
   * @return the rows deleted
   */
  public int trimSpend(int keep, int margin) {
    if (margin < 0 || margin > keep) {
      throw new IllegalArgumentException("the margin must be between 0 and " + keep + ": " + margin);
    }
    try (Connection c = store.data().getConnection()) {
      long rows;
      try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM warden_spend");
          ResultSet rs = q.executeQuery()) {
        rs.next();
        rows = rs.getLong(1);
      }
      if (rows <= keep) {
        return 0;
      }
      // H2: the row key; PostgreSQL (where nothing trims, but it works the same) has no such
      // order, and the time index it keeps serves instead
      String order = store.postgres() ? "occurred_at" : "_ROWID_";
      Object cutoff; // the order's value of the newest row to delete
      try (PreparedStatement q = c.prepareStatement(
          "SELECT " + order + " FROM warden_spend ORDER BY " + order + " LIMIT 1 OFFSET ?")) {
        q.setLong(1, rows - (keep - margin) - 1);
        try (ResultSet rs = q.executeQuery()) {
          if (!rs.next()) {
            return 0;
          }
          cutoff = store.postgres() ? rs.getObject(1, OffsetDateTime.class) : (Object) rs.getLong(1);
        }
      }
      try (PreparedStatement d = c.prepareStatement("DELETE FROM warden_spend WHERE " + order + " <= ?")) {
        d.setObject(1, cutoff);
        return d.executeUpdate();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot trim the in-memory spend rows: " + e.getMessage(), e);
    }
  }

  /** Settled spend of one budget's period, in nano-USD. */
  public long spent(String scope, String subject, Instant periodStart) {
    try (Connection c = store.data().getConnection();
        PreparedStatement q = c.prepareStatement("SELECT spent_nanousd FROM warden_budget_usage"
            + " WHERE scope = ? AND subject = ? AND period_start = ?")) {
      q.setString(1, scope);
      q.setString(2, subject);
      q.setObject(3, time(periodStart));
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read a budget's spend: " + e.getMessage(), e);
    }
  }

  /** What open reservations hold, per budget counter ({@link Hold#counter()}), in nano-USD. */
  public Map<String, Long> reserved() {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = store.data().getConnection();
        PreparedStatement q = c.prepareStatement("SELECT amount_nanousd, budgets FROM warden_reservations");
        ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        long amount = rs.getLong(1);
        for (Hold h : holds(rs.getString(2))) {
          out.merge(h.counter(), amount, Long::sum);
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the open reservations: " + e.getMessage(), e);
    }
    return out;
  }

  /** A counter's values from SQL (after Redis lost them, or at the first use in this process). */
  public long[] counter(Hold h) {
    return new long[] {spent(h.scope(), h.subject(), h.periodStart()), reserved().getOrDefault(h.counter(), 0L)};
  }

  private static final String CLAIM = "DELETE FROM warden_reservations WHERE request_id = ?";
  private static final String SPEND = "INSERT INTO warden_spend (request_id, occurred_at, key_id, user_name,"
      + " team, tenant, app, requested_model, model, endpoint, tags, input_tokens, output_tokens, cached_tokens,"
      + " cost_nanousd, estimated, outcome) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

  private static boolean claim(Connection c, String requestId) throws SQLException {
    try (PreparedStatement d = c.prepareStatement(CLAIM)) {
      d.setString(1, requestId);
      return d.executeUpdate() == 1;
    }
  }

  private static void insertSpend(Connection c, String id, Reservation.Caller who, Charge ch, Instant now)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement(SPEND)) {
      spendParams(p, 1, id, who, ch, now);
      p.executeUpdate();
    }
  }

  /** The 17 values of a spend row, from parameter {@code at}. */
  private static void spendParams(PreparedStatement p, int at, String id, Reservation.Caller who, Charge ch,
      Instant now) throws SQLException {
    p.setString(at, id);
    p.setObject(at + 1, time(now));
    p.setString(at + 2, who.keyId());
    p.setString(at + 3, who.user());
    p.setString(at + 4, who.team());
    p.setString(at + 5, who.tenant());
    p.setString(at + 6, who.app());
    p.setString(at + 7, cut(ch.requestedModel(), 128));
    p.setString(at + 8, cut(ch.model(), 128));
    p.setString(at + 9, cut(ch.endpoint(), 64));
    p.setString(at + 10, json(new TreeMap<>(ch.tags())));
    p.setLong(at + 11, ch.inputTokens());
    p.setLong(at + 12, ch.outputTokens());
    p.setLong(at + 13, ch.cachedTokens());
    p.setLong(at + 14, ch.costNanos());
    p.setBoolean(at + 15, ch.estimated());
    p.setString(at + 16, ch.outcome());
  }

  private void addUsage(Connection c, Hold h, long nanos) throws SQLException {
    if (store.postgres()) {
      try (PreparedStatement p = c.prepareStatement("INSERT INTO warden_budget_usage (scope, subject, period_start,"
          + " spent_nanousd) VALUES (?, ?, ?, ?) ON CONFLICT (scope, subject, period_start) DO UPDATE"
          + " SET spent_nanousd = warden_budget_usage.spent_nanousd + EXCLUDED.spent_nanousd")) {
        usageParams(p, h, nanos);
        p.executeUpdate();
      }
      return;
    }
    // H2: add to the row, or insert it; a concurrent first insert makes ours fail, then add again
    for (int attempt = 0; ; attempt++) {
      try (PreparedStatement u = c.prepareStatement("UPDATE warden_budget_usage SET spent_nanousd = spent_nanousd + ?"
          + " WHERE scope = ? AND subject = ? AND period_start = ?")) {
        u.setLong(1, nanos);
        u.setString(2, h.scope());
        u.setString(3, h.subject());
        u.setObject(4, time(h.periodStart()));
        if (u.executeUpdate() == 1) {
          return;
        }
      }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO warden_budget_usage (scope, subject, period_start,"
          + " spent_nanousd) VALUES (?, ?, ?, ?)")) {
        usageParams(p, h, nanos);
        p.executeUpdate();
        return;
      } catch (java.sql.SQLIntegrityConstraintViolationException e) {
        if (attempt > 2) {
          throw e;
        }
      }
    }
  }

  private static void usageParams(PreparedStatement p, Hold h, long nanos) throws SQLException {
    p.setString(1, h.scope());
    p.setString(2, h.subject());
    p.setObject(3, time(h.periodStart()));
    p.setLong(4, nanos);
  }

  static OffsetDateTime time(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  /** Holds as stored: {@code [[scope, subject, period, period_start, cap], ...]}. */
  static String holdsJson(List<Hold> holds) {
    ArrayNode a = JSON.createArrayNode();
    for (Hold h : holds) {
      a.addArray().add(h.scope()).add(h.subject()).add(Periods.name(h.period())).add(h.periodStart().toString())
          .add(h.capNanos());
    }
    return a.toString();
  }

  static List<Hold> holds(String json) {
    List<Hold> out = new ArrayList<>();
    try {
      for (JsonNode h : JSON.readTree(json)) {
        Periods.parse(h.path(2).asText()).ifPresent(p -> out.add(new Hold(h.path(0).asText(), h.path(1).asText(), p,
            Instant.parse(h.path(3).asText()), h.path(4).asLong(-1))));
      }
    } catch (JsonProcessingException | RuntimeException e) {
      throw new StoreException("a reservation's budgets cannot be read: " + e.getMessage(), e);
    }
    return out;
  }

  private static String json(Map<String, String> m) {
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sums for tests and the admin API: spend rows and usage rows, in nano-USD. */
  public Map<String, Long> totals() {
    Map<String, Long> out = new HashMap<>();
    try (Connection c = store.data().getConnection()) {
      try (PreparedStatement q = c.prepareStatement("SELECT COALESCE(SUM(cost_nanousd), 0), COUNT(*) FROM warden_spend");
          ResultSet rs = q.executeQuery()) {
        rs.next();
        out.put("spend", rs.getLong(1));
        out.put("rows", rs.getLong(2));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the spend totals: " + e.getMessage(), e);
    }
    return out;
  }
}
