package dev.warden.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.audit.export.PostgresExporter;
import dev.warden.gateway.config.Observability;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records copied to PostgreSQL (the local test server; a schema of this test's own, dropped
 * after): the sink's own migrations and history table, one row per record, idempotent
 * retries, and rows that verify: the stored line, and the jsonb column too, because the hash
 * is over the canonical form.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PostgresExportTest {
  static final String URL = System.getenv().getOrDefault("WARDEN_TEST_POSTGRES_URL",
      "jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER = System.getenv().getOrDefault("WARDEN_TEST_POSTGRES_USER", "postgres");
  static final String SCHEMA = "warden_audit_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  java.nio.file.Path dir;

  static Connection connect() throws Exception {
    return DriverManager.getConnection(URL, USER, System.getenv().getOrDefault("WARDEN_TEST_POSTGRES_PASSWORD", ""));
  }

  @BeforeAll
  static void clean() throws Exception {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }

  @AfterAll
  static void drop() throws Exception {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }

  @Test
  void recordsLandOnceEachAndVerifyFromTheDatabase() throws Exception {
    List<Written> written = Collections.synchronizedList(new ArrayList<>());
    AuditLog log = AuditLog.open(AuditFixtures.config(dir, Observability.Durability.ASYNC),
        new AuditContent(new dev.warden.engine.redact.Redactor(AuditFixtures.KEY), true), Clock.systemUTC(),
        List.of(written::add));
    for (int i = 0; i < 30; i++) {
      log.commit(AuditFixtures.record("req_pg_" + i, i == 7 ? 403 : 200));
    }
    log.close();
    PostgresExporter e = new PostgresExporter(new Observability.Postgres(URL, USER, "", SCHEMA, 8, 1000), "log-test");
    try {
      written.forEach(e);
      // the same records again, as after a retry: no duplicates
      written.subList(0, 10).forEach(e);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (e.sent() < 40 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(40, e.sent(), "last error: " + e.lastError());
    } finally {
      e.close();
    }
    try (Connection c = connect(); Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + SCHEMA + ".audit_records WHERE log_id = 'log-test'")) {
        r.next();
        assertEquals(30, r.getInt(1));
      }
      try (ResultSet r = s.executeQuery("SELECT version FROM " + SCHEMA + "." + PostgresExporter.HISTORY
          + " WHERE success AND version IS NOT NULL")) {
        assertTrue(r.next(), "the sink's own migration history");
        assertEquals("1", r.getString(1));
      }
      try (ResultSet r = s.executeQuery("SELECT request_id, status, outcome, line, record::text FROM " + SCHEMA
          + ".audit_records ORDER BY seq")) {
        int n = 0;
        String prev = null;
        while (r.next()) {
          ObjectNode line = (ObjectNode) JSON.readTree(r.getString("line"));
          ObjectNode fromJsonb = (ObjectNode) JSON.readTree(r.getString(5));
          assertEquals(line.path("hash").asText(), Chain.expectedHash(line), "the stored line verifies");
          assertEquals(line.path("hash").asText(), Chain.expectedHash(fromJsonb), "so does the jsonb, reordered");
          if (prev != null) {
            assertEquals(prev, line.path("prev").asText(), "and the rows chain");
          }
          prev = line.path("hash").asText();
          assertEquals("req_pg_" + n, r.getString("request_id"));
          assertEquals(n == 7 ? 403 : 200, r.getInt("status"));
          n++;
        }
        assertEquals(30, n);
      }
    }
  }

  @Test
  void aDatabaseThatIsDownHoldsNothingUp() throws Exception {
    PostgresExporter e = new PostgresExporter(new Observability.Postgres("jdbc:postgresql://127.0.0.1:9/none", "x", "",
        SCHEMA, 8, 5), "log-down");
    try {
      List<Written> written = Collections.synchronizedList(new ArrayList<>());
      AuditLog log = AuditLog.open(AuditFixtures.config(dir.resolve("b"), Observability.Durability.ASYNC),
          new AuditContent(new dev.warden.engine.redact.Redactor(AuditFixtures.KEY), true), Clock.systemUTC(),
          List.of(written::add));
      for (int i = 0; i < 20; i++) {
        log.commit(AuditFixtures.record("req_down_" + i, 200));
      }
      log.close();
      long t0 = System.nanoTime();
      written.forEach(e);
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (e.failures() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(e.failures() > 0);
      assertEquals(15, e.dropped(), "a backlog of 5 keeps the newest");
    } finally {
      e.close(Duration.ZERO);
    }
  }
}
