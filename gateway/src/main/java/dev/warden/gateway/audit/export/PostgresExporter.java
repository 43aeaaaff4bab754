package dev.warden.gateway.audit.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.warden.gateway.audit.Written;
import dev.warden.gateway.config.Observability;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Inserts audit records into PostgreSQL: table {@code audit_records} in the configured schema,
 * created by this sink's own Flyway migrations ({@code classpath:db/audit}, history table
 * {@value #HISTORY}) so they never mix with another part's. A record is stored whole (the exact
 * line, which verifies as the log does, and as {@code jsonb}) with the columns audits query by.
 * Inserts are idempotent ({@code log_id, seq} is the key): a batch retried after a failure
 * does not duplicate. The database being down never holds up a request; the backlog waits.
 */
public final class PostgresExporter extends Exporter {
  /** Flyway's history table for the audit schema. */
  public static final String HISTORY = "warden_audit_schema_history";
  private final DataSource data;
  private final String schema;
  private final String logId;
  private final boolean owned;
  private boolean migrated;

  /** A pooled connection to the configured database. */
  public PostgresExporter(Observability.Postgres config, String logId) {
    this(pool(config), config.schema(), config.backlog(), config.batch(), logId, true);
  }

  /** On a data source someone else owns (a shared store). */
  public PostgresExporter(DataSource data, String schema, int backlog, int batch, String logId) {
    this(data, schema, backlog, batch, logId, false);
  }

  private PostgresExporter(DataSource data, String schema, int backlog, int batch, String logId, boolean owned) {
    super("postgres", backlog, batch);
    if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("not a schema name: " + schema);
    }
    this.data = data;
    this.schema = schema;
    this.logId = logId;
    this.owned = owned;
    startThread();
  }

  private static HikariDataSource pool(Observability.Postgres c) {
    HikariConfig h = new HikariConfig();
    h.setJdbcUrl(c.url());
    if (!c.user().isEmpty()) {
      h.setUsername(c.user());
    }
    if (!c.password().isEmpty()) {
      h.setPassword(c.password());
    }
    h.setPoolName("warden-audit-postgres");
    h.setMaximumPoolSize(2);
    h.setMinimumIdle(0);
    h.setConnectionTimeout(5000);
    // the database may be down when the gateway starts: connect when the first batch is sent
    h.setInitializationFailTimeout(-1);
    return new HikariDataSource(h);
  }

  /** Runs this sink's migrations (creating the schema when missing). */
  public static void migrate(DataSource data, String schema) {
    Flyway.configure().dataSource(data).schemas(schema).defaultSchema(schema).createSchemas(true).table(HISTORY)
        .locations("classpath:db/audit").load().migrate();
  }

  @Override
  protected void prepare() throws IOException {
    if (!migrated) {
      try {
        migrate(data, schema);
        migrated = true;
      } catch (FlywayException e) {
        throw new IOException("the audit schema could not be migrated: " + e.getMessage(), e);
      }
    }
  }

  @Override
  protected void send(List<Written> records) throws IOException {
    String sql = "INSERT INTO " + schema + ".audit_records (log_id, seq, segment, request_id, time, key_id, team,"
        + " status, outcome, blocked_by, revision, model_served, record, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        + " ?, CAST(? AS jsonb), ?) ON CONFLICT (log_id, seq) DO NOTHING";
    try (Connection c = data.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      c.setAutoCommit(false);
      for (Written w : records) {
        JsonNode r = w.record();
        ps.setString(1, logId);
        ps.setLong(2, w.seq());
        ps.setLong(3, w.segment());
        ps.setString(4, r.path("id").asText());
        ps.setTimestamp(5, Timestamp.from(time(r)));
        text(ps, 6, r.path("principal").path("key"));
        text(ps, 7, r.path("principal").path("team"));
        ps.setInt(8, r.path("status").asInt());
        ps.setString(9, r.path("outcome").asText());
        text(ps, 10, r.path("blocked_by").path("rule"));
        text(ps, 11, r.path("revision"));
        text(ps, 12, r.path("model").path("served"));
        ps.setString(13, w.line());
        ps.setString(14, w.line());
        ps.addBatch();
      }
      ps.executeBatch();
      c.commit();
    } catch (SQLException e) {
      // 22xxx: the data itself is wrong for the table; retrying would not help
      if (e.getSQLState() != null && e.getSQLState().startsWith("22")) {
        throw new Rejected("PostgreSQL refused the records: " + e.getMessage());
      }
      throw new IOException("PostgreSQL: " + e.getMessage(), e);
    }
  }

  private static Instant time(JsonNode r) {
    try {
      return Instant.parse(r.path("time").asText());
    } catch (RuntimeException e) {
      return Instant.EPOCH;
    }
  }

  private static void text(PreparedStatement ps, int i, JsonNode v) throws SQLException {
    if (v.isTextual() && !v.asText().isEmpty()) {
      ps.setString(i, v.asText());
    } else {
      ps.setNull(i, Types.VARCHAR);
    }
  }

  @Override
  protected void release() {
    if (owned && data instanceof HikariDataSource h) {
      h.close();
    }
  }
}
