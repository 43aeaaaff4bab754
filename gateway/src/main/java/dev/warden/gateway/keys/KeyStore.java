package dev.warden.gateway.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.dsl.model.Enums;
import dev.warden.gateway.config.Finance;
import dev.warden.gateway.store.Store;
import dev.warden.gateway.store.StoreException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The keys of {@code warden_keys} and their budgets in {@code warden_budgets} (scope {@code key},
 * origin {@code admin}). Nothing is cached: every lookup reads the table, so a revocation written
 * by one replica is seen by every replica on its next request.
 */
public final class KeyStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS = "id, sha256, previous_sha256, previous_valid_until, user_name, team, tenant,"
      + " app, region, env, roles, models, limits, expires_at, revoked_at, created_at, updated_at";
  /**
   * Both columns are indexed (UNIQUE and warden_keys_previous); a UNION ALL lets each branch use
   * its index on H2 too, where an OR across two columns is a table scan.
   */
  private static final String BY_SHA = "SELECT " + COLUMNS + " FROM warden_keys WHERE sha256 = ? UNION ALL SELECT "
      + COLUMNS + " FROM warden_keys WHERE previous_sha256 = ?";
  private static final String UNIQUE_VIOLATION = "23505";
  private final DataSource data;

  public KeyStore(Store store) {
    this(store.data());
  }

  public KeyStore(DataSource data) {
    this.data = data;
  }

  /** Thrown when a key with this id (or secret) is already stored. */
  public static final class Conflict extends RuntimeException {
    Conflict(String message) {
      super(message, null, false, false);
    }
  }

  /** The key whose current or previous secret has this SHA-256 (hex), whatever its state. */
  public Optional<StoredKey> bySha256(String sha) {
    try (Connection c = data.getConnection(); PreparedStatement ps = c.prepareStatement(BY_SHA)) {
      ps.setString(1, sha);
      ps.setString(2, sha);
      try (ResultSet rs = ps.executeQuery()) {
        Optional<StoredKey> found = Optional.empty();
        while (rs.next()) {
          StoredKey k = read(rs);
          // a current secret wins over a previous one (secrets are random: both cannot happen in practice)
          if (found.isEmpty() || k.sha256().equals(sha)) {
            found = Optional.of(k);
          }
        }
        return found;
      }
    } catch (SQLException e) {
      throw failed("read a key", e);
    }
  }

  public Optional<StoredKey> get(String id) {
    try (Connection c = data.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM warden_keys WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failed("read a key", e);
    }
  }

  /** Up to {@code limit} keys in id order, after {@code after} (exclusive) when given. */
  public List<StoredKey> list(Optional<String> after, int limit) {
    String sql = "SELECT " + COLUMNS + " FROM warden_keys" + (after.isPresent() ? " WHERE id > ?" : "")
        + " ORDER BY id LIMIT ?";
    try (Connection c = data.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (after.isPresent()) {
        ps.setString(i++, after.get());
      }
      ps.setInt(i, limit);
      List<StoredKey> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failed("list the keys", e);
    }
  }

  /**
   * Stores a new key and, when given, its budget, in one transaction.
   *
   * @throws Conflict when the id is taken
   */
  public void create(StoredKey k, Optional<Finance.Budget> budget) {
    try (Connection c = data.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO warden_keys (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, k.id());
          ps.setString(2, k.sha256());
          ps.setString(3, k.previousSha256().orElse(null));
          time(ps, 4, k.previousValidUntil());
          identity(ps, 5, k.identity());
          ps.setString(12, json(k.models()));
          ps.setString(13, KeyLimits.json(k.limits()).toString());
          time(ps, 14, k.expiresAt());
          time(ps, 15, k.revokedAt());
          time(ps, 16, Optional.of(k.createdAt()));
          time(ps, 17, Optional.of(k.updatedAt()));
          ps.executeUpdate();
        }
        writeBudget(c, k.id(), budget, k.updatedAt());
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
          throw new Conflict("a key with the id \"" + k.id() + "\" already exists");
        }
        throw e;
      }
    } catch (SQLException e) {
      throw failed("store a key", e);
    }
  }

  /**
   * Rewrites a key's identity, models, limits and expiry (never its secrets or revocation) and,
   * when {@code budget} is present, its budget (an empty inner value removes it).
   *
   * @return false when there is no such key
   */
  public boolean update(StoredKey k, Optional<Optional<Finance.Budget>> budget) {
    try (Connection c = data.getConnection()) {
      c.setAutoCommit(false);
      try {
        int n;
        try (PreparedStatement ps = c.prepareStatement("UPDATE warden_keys SET user_name = ?, team = ?, tenant = ?,"
            + " app = ?, region = ?, env = ?, roles = ?, models = ?, limits = ?, expires_at = ?, updated_at = ?"
            + " WHERE id = ?")) {
          identity(ps, 1, k.identity());
          ps.setString(8, json(k.models()));
          ps.setString(9, KeyLimits.json(k.limits()).toString());
          time(ps, 10, k.expiresAt());
          time(ps, 11, Optional.of(k.updatedAt()));
          ps.setString(12, k.id());
          n = ps.executeUpdate();
        }
        if (n == 1 && budget.isPresent()) {
          writeBudget(c, k.id(), budget.get(), k.updatedAt());
        }
        c.commit();
        return n == 1;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failed("update a key", e);
    }
  }

  /**
   * Replaces a key's secret: the current one becomes the previous one, accepted until
   * {@code graceUntil}. A revoked key is not rotated.
   *
   * @return false when there is no such key or it is revoked
   */
  public boolean rotate(String id, String newSha, Instant graceUntil, Instant now) {
    try (Connection c = data.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE warden_keys"
        + " SET previous_sha256 = sha256, previous_valid_until = ?, sha256 = ?, updated_at = ?"
        + " WHERE id = ? AND revoked_at IS NULL")) {
      time(ps, 1, Optional.of(graceUntil));
      ps.setString(2, newSha);
      time(ps, 3, Optional.of(now));
      ps.setString(4, id);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failed("rotate a key", e);
    }
  }

  /**
   * Revokes a key from now on (a key revoked already keeps its first revocation time).
   *
   * @return false when there is no such key
   */
  public boolean revoke(String id, Instant now) {
    try (Connection c = data.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE warden_keys"
        + " SET revoked_at = COALESCE(revoked_at, ?), updated_at = ? WHERE id = ?")) {
      time(ps, 1, Optional.of(now));
      time(ps, 2, Optional.of(now));
      ps.setString(3, id);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failed("revoke a key", e);
    }
  }

  /** The key's budget (scope {@code key}), whatever wrote it. */
  public Optional<Finance.Budget> budget(String id) {
    try (Connection c = data.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT amount_nanousd,"
        + " period, cap_percent FROM warden_budgets WHERE scope = 'key' AND subject = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        BigDecimal amount = BigDecimal.valueOf(rs.getLong(1), 9).stripTrailingZeros();
        Finance.Period period = Finance.Period.valueOf(rs.getString(2).toUpperCase(Locale.ROOT));
        double cap = rs.getDouble(3);
        Optional<Double> capPercent = rs.wasNull() ? Optional.empty() : Optional.of(cap);
        return Optional.of(new Finance.Budget(Enums.Scope.KEY, id, amount.scale() < 0 ? amount.setScale(0) : amount,
            period, capPercent));
      }
    } catch (SQLException e) {
      throw failed("read a key's budget", e);
    }
  }

  private static void writeBudget(Connection c, String id, Optional<Finance.Budget> budget, Instant now)
      throws SQLException {
    try (PreparedStatement del = c.prepareStatement("DELETE FROM warden_budgets WHERE scope = 'key' AND subject = ?")) {
      del.setString(1, id);
      del.executeUpdate();
    }
    if (budget.isEmpty()) {
      return;
    }
    Finance.Budget b = budget.get();
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO warden_budgets (scope, subject, amount_nanousd, period,"
        + " cap_percent, origin, updated_at) VALUES ('key', ?, ?, ?, ?, 'admin', ?)")) {
      ps.setString(1, id);
      ps.setLong(2, b.amountUsd().movePointRight(9).longValueExact());
      ps.setString(3, b.period().name().toLowerCase(Locale.ROOT));
      if (b.capPercent().isPresent()) {
        ps.setDouble(4, b.capPercent().get());
      } else {
        ps.setNull(4, Types.DOUBLE);
      }
      time(ps, 5, Optional.of(now));
      ps.executeUpdate();
    }
  }

  private static void identity(PreparedStatement ps, int at, StoredKey.Identity i) throws SQLException {
    ps.setString(at, i.user());
    ps.setString(at + 1, i.team());
    ps.setString(at + 2, i.tenant());
    ps.setString(at + 3, i.app());
    ps.setString(at + 4, i.region());
    ps.setString(at + 5, i.env());
    ps.setString(at + 6, json(i.roles()));
  }

  private static StoredKey read(ResultSet rs) throws SQLException {
    return new StoredKey(rs.getString(1), rs.getString(2).strip(), Optional.ofNullable(rs.getString(3)).map(String::strip),
        time(rs, 4), new StoredKey.Identity(rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
            rs.getString(9), rs.getString(10), strings(rs.getString(11))),
        strings(rs.getString(12)), KeyLimits.parse(rs.getString(13)), time(rs, 14), time(rs, 15),
        time(rs, 16).orElseThrow(), time(rs, 17).orElseThrow());
  }

  private static Optional<Instant> time(ResultSet rs, int at) throws SQLException {
    OffsetDateTime t = rs.getObject(at, OffsetDateTime.class);
    return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
  }

  private static void time(PreparedStatement ps, int at, Optional<Instant> t) throws SQLException {
    if (t.isPresent()) {
      ps.setObject(at, OffsetDateTime.ofInstant(t.get(), ZoneOffset.UTC));
    } else {
      ps.setNull(at, Types.TIMESTAMP_WITH_TIMEZONE);
    }
  }

  private static String json(List<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> strings(String text) {
    try {
      List<String> out = new ArrayList<>();
      for (JsonNode n : JSON.readTree(text)) {
        out.add(n.asText());
      }
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON list in warden_keys cannot be read", e);
    }
  }

  private static StoreException failed(String what, SQLException e) {
    return new StoreException("cannot " + what + " in the store: " + e.getMessage(), e);
  }
}
