package dev.warden.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.gateway.config.Finance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store opens, migrates, keeps its rows in a file across restarts, and names what it cannot reach. */
class StoreTest {
  @Test
  void anH2FileKeepsItsRowsAcrossRestarts(@TempDir Path dir) throws Exception {
    Optional<Finance.Store> c = Optional.of(new Finance.Store("jdbc:h2:file:" + dir.resolve("warden"), "", "", 2));
    try (Store s = Store.open(c); Connection conn = s.data().getConnection(); Statement st = conn.createStatement()) {
      assertFalse(s.postgres());
      assertTrue(s.reachable());
      st.executeUpdate("INSERT INTO warden_budget_usage (scope, subject, period_start, spent_nanousd)"
          + " VALUES ('team', 'eng', TIMESTAMP WITH TIME ZONE '2026-12-01 00:00:00+00', 42)");
    }
    try (Store s = Store.open(c); Connection conn = s.data().getConnection(); Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT spent_nanousd FROM warden_budget_usage WHERE subject = 'eng'")) {
      assertTrue(rs.next());
      assertEquals(42, rs.getLong(1));
    }
  }

  @Test
  void anH2FileAnotherProcessHoldsSaysWhatToDo(@TempDir Path dir) throws Exception {
    // the README's second gateway (failover) in the same checkout found ./data/warden locked by
    // the first, and was told only "The file is locked"
    Optional<Finance.Store> c = Optional.of(new Finance.Store("jdbc:h2:file:" + dir.resolve("warden"), "", "", 2));
    Store.open(c).close();
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dir.resolve("warden.mv.db"),
        java.nio.file.StandardOpenOption.WRITE)) {
      ch.lock();
      StoreException e = assertThrows(StoreException.class, () -> Store.open(c));
      assertTrue(e.getMessage().contains("has this H2 file open") && e.getMessage().contains("WARDEN_STORE_URL"),
          e.getMessage());
    }
  }

  @Test
  void withoutAConfiguredStoreItIsInMemory() {
    try (Store s = Store.open(Optional.empty())) {
      assertTrue(s.reachable());
      assertTrue(s.toString().startsWith("jdbc:h2:mem:"));
    }
  }

  @Test
  void anUnreachableStoreIsNamedWithoutItsPassword() {
    StoreException e = assertThrows(StoreException.class, () -> Store.open(Optional.of(new Finance.Store(
        "jdbc:postgresql://127.0.0.1:1/nowhere?password=hunter2", "", "", 1))));
    assertTrue(e.getMessage().contains("jdbc:postgresql://127.0.0.1:1/nowhere"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void postgresIsMigratedToo() throws Exception {
    // the local PostgreSQL of the README's replica setup; CI starts it (.ci/run)
    String schema = "warden_store_test_" + ProcessHandle.current().pid();
    try (Store s = Store.open(Optional.of(new Finance.Store(
        "jdbc:postgresql://127.0.0.1:5432/test", "postgres", "", 2, schema)))) {
      assertTrue(s.postgres());
      try (Connection conn = s.data().getConnection(); Statement st = conn.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM warden_spend")) {
        assertTrue(rs.next());
        assertEquals(0, rs.getLong(1));
      }
      try (Connection conn = s.data().getConnection(); Statement st = conn.createStatement()) {
        st.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }
}
