package dev.warden.gateway.spend;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/** Writes {@code warden_spend} rows as the metering does (tests only read reports of them). */
public final class SpendRows {
  private SpendRows() {}

  /** The rows every spend test reads: four calls around the first of December 2026. */
  public static void standard(DataSource data) throws SQLException {
    insert(data, "r1", "2026-12-01T10:00:00Z", "us", "alice", "eng", "acme", "chat", "small-us",
        "{\"project\":\"apollo\"}", 1000, 500, 100, 123_456_789L, false);
    insert(data, "r2", "2026-12-01T23:59:59.999Z", "us", "alice", "eng", "acme", "chat", "premium-us",
        "{\"project\":\"apollo\",\"stage\":\"x\"}", 2000, 1000, 0, 1, true);
    insert(data, "r3", "2026-12-02T00:00:00Z", "eu", "bruno", "legal, \"EU\"\nteam", "acme", "=cmd", "small-us",
        "{}", 10, 20, 0, 999_999_999L, false);
    insert(data, "r4", "2026-11-30T12:00:00Z", "narrow", "carol", "eng", "", "chat", "small-us",
        "{\"project\":\"zeus\"}", 1, 1, 0, 7, false);
  }

  public static void insert(DataSource data, String id, String at, String key, String user, String team, String tenant,
      String app, String model, String tags, long in, long out, long cached, long costNano, boolean estimated)
      throws SQLException {
    try (Connection c = data.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO warden_spend"
        + " (request_id, occurred_at, key_id, user_name, team, tenant, app, requested_model, model, endpoint, tags,"
        + " input_tokens, output_tokens, cached_tokens, cost_nanousd, estimated, outcome)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '/v1/chat/completions', ?, ?, ?, ?, ?, ?, 'settled')")) {
      ps.setString(1, id);
      ps.setObject(2, OffsetDateTime.ofInstant(Instant.parse(at), ZoneOffset.UTC));
      ps.setString(3, key);
      ps.setString(4, user);
      ps.setString(5, team);
      ps.setString(6, tenant);
      ps.setString(7, app);
      ps.setString(8, model);
      ps.setString(9, model);
      ps.setString(10, tags);
      ps.setLong(11, in);
      ps.setLong(12, out);
      ps.setLong(13, cached);
      ps.setLong(14, costNano);
      ps.setBoolean(15, estimated);
      ps.executeUpdate();
    }
  }
}
