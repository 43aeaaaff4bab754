package dev.warden.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.gateway.config.Observability;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Searching a log: values JSON escapes in the line are still found; a filter that can match nothing is refused. */
class AuditSearchTest {
  @TempDir
  Path dir;

  private static AuditFilter byId(String id) {
    return new AuditFilter(Optional.of(id), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        OptionalInt.empty(), Optional.empty(), Optional.empty(), 10);
  }

  @Test
  void aValueWithCharactersJsonEscapesIsFound() throws Exception {
    AuditLog log = AuditFixtures.open(AuditFixtures.config(dir, Observability.Durability.ASYNC), Clock.systemUTC());
    String quoted = "req_\"quoted\"\\back\tslash";
    log.commit(AuditFixtures.record(quoted, 200));
    log.commit(AuditFixtures.record("req_plain", 200));
    log.close();
    AuditSearch.Result r = AuditSearch.search(dir, byId(quoted));
    assertEquals(1, r.hits().size(), "the line spells it req_\\\"quoted\\\"\\\\back\\tslash");
    assertEquals(quoted, r.hits().getFirst().record().path("id").asText());
    assertEquals(1, AuditSearch.search(dir, byId("req_plain")).hits().size());
  }

  @Test
  void anOutcomeOrStatusNoRecordCanHaveIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AuditFilter(Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("blocekd"), OptionalInt.empty(),
        Optional.empty(), Optional.empty(), 10));
    assertTrue(e.getMessage().contains("outcome must be one of served, blocked"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AuditFilter(Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.of(20), Optional.empty(), Optional.empty(), 10));
  }
}
