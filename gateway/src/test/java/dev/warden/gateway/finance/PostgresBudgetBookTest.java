package dev.warden.gateway.finance;

import dev.warden.gateway.config.Finance;
import dev.warden.gateway.store.Store;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/** The budget snapshot tests on the local PostgreSQL, where a table lock holds a reload up. */
class PostgresBudgetBookTest extends BudgetBookTest {
  private final String schema = "warden_b_book_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100_000;

  @Override
  Store openStore() {
    return Store.open(Optional.of(new Finance.Store("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "", 4, schema)));
  }

  @Override
  boolean holdBudgets(java.sql.Connection c) throws Exception {
    c.setAutoCommit(false);
    try (var s = c.createStatement()) {
      s.execute("LOCK TABLE warden_budgets IN ACCESS EXCLUSIVE MODE");
    }
    return true;
  }

  @AfterEach
  void dropSchema() throws Exception {
    dev.warden.gateway.testing.SharedStores.dropSchema(schema);
  }
}
