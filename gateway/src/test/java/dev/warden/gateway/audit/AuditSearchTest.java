package dev.warden.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.gateway.config.Observability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
  void aSegmentDeletedAfterItWasListedIsSkippedNotAnError() throws Exception {
    for (int run = 1; run <= 3; run++) {
      AuditLog log = AuditFixtures.open(AuditFixtures.config(dir, Observability.Durability.ASYNC), Clock.systemUTC());
      log.commit(AuditFixtures.record("req_run_" + run, 200));
      log.close();
    }
    // a name that lists but no longer opens: what retention leaves behind for a reader that listed first
    Path first = dir.resolve(Segments.name(1));
    byte[] kept = Files.readAllBytes(first);
    Files.delete(first);
    Files.createSymbolicLink(first, dir.resolve("deleted-by-retention"));
    AuditFilter all = new AuditFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(), 10);
    assertEquals(List.of("req_run_3", "req_run_2"),
        AuditSearch.search(dir, all).hits().stream().map(h -> h.record().path("id").asText()).toList());
    List<String> replayed = new ArrayList<>();
    AuditRecords.read(dir, Optional.empty(), Optional.empty(), l -> {
      if (l instanceof AuditRecords.Record r) {
        replayed.add(r.json().path("id").asText());
      }
    });
    assertEquals(List.of("req_run_2", "req_run_3"), replayed);
    VerifyReport v = Verifier.verify(dir, Optional.of(SealKey.of(AuditFixtures.KEY)));
    assertTrue(v.ok(), v.problems().toString());
    assertTrue(v.notes().stream().anyMatch(n -> n.kind().equals("gone")), v.notes().toString());
    // one gone after the first is not retention's doing: a deletion
    Files.delete(first);
    Files.write(first, kept);
    Path second = dir.resolve(Segments.name(2));
    Files.delete(second);
    Files.createSymbolicLink(second, dir.resolve("deleted-by-hand"));
    VerifyReport w = Verifier.verify(dir, Optional.of(SealKey.of(AuditFixtures.KEY)));
    assertFalse(w.ok());
    assertEquals("deleted", w.problems().getFirst().kind(), w.problems().toString());
    assertEquals(second.toString(), w.problems().getFirst().file());
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
