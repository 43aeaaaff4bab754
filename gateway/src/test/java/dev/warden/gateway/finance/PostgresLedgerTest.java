package dev.warden.gateway.finance;

import dev.warden.gateway.config.Finance;
import dev.warden.gateway.store.Store;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/**
 * The ledger tests on the local PostgreSQL (CI starts it: .ci/run), in a schema of their own
 * dropped afterwards: its settlement is one statement, and a late settlement of an expired
 * call is refused by the spend row's key.
 */
class PostgresLedgerTest extends LedgerTest {
  private final String schema = "warden_b_ledger_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100_000;

  @Override
  Store openStore() {
    return Store.open(Optional.of(new Finance.Store("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "", 4, schema)));
  }

  @AfterEach
  void dropSchema() throws Exception {
    dev.warden.gateway.testing.SharedStores.dropSchema(schema);
  }
}
