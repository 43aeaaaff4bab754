package dev.warden.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.gateway.config.Observability;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a log for a replay: the time range is on arrival, and records are written as requests end. */
class AuditRecordsTest {
  @TempDir
  Path dir;

  private static RequestRecord arrivedAt(String id, String time) {
    RequestRecord r = new RequestRecord(id, Instant.parse(time), System.nanoTime(), "/v1/chat/completions");
    r.endpoint("chat");
    r.status(200);
    r.freeze(System.nanoTime());
    return r;
  }

  private List<String> ids(Optional<Instant> from, Optional<Instant> to) throws Exception {
    List<String> ids = new ArrayList<>();
    AuditRecords.read(dir, from, to, l -> {
      if (l instanceof AuditRecords.Record r) {
        ids.add(r.json().path("id").asText());
      }
    });
    return ids;
  }

  @Test
  void aLongRequestWrittenAfterALaterOneIsStillInTheRange() throws Exception {
    AuditLog log = AuditFixtures.open(AuditFixtures.config(dir, Observability.Durability.ASYNC), Clock.systemUTC());
    // a short request that arrived at 10:00:05 ends first; a stream that arrived at 09:59:50 ends after it
    log.commit(arrivedAt("req_short_after", "2026-11-23T10:00:05Z"));
    log.commit(arrivedAt("req_long_before", "2026-11-23T09:59:50Z"));
    log.commit(arrivedAt("req_later", "2026-11-23T10:00:10Z"));
    log.close();
    Optional<Instant> ten = Optional.of(Instant.parse("2026-11-23T10:00:00Z"));
    assertEquals(List.of("req_long_before"), ids(Optional.empty(), ten), "before 10:00");
    assertEquals(List.of("req_short_after", "req_later"), ids(ten, Optional.empty()), "from 10:00");
    assertEquals(List.of("req_short_after", "req_long_before", "req_later"), ids(Optional.empty(), Optional.empty()));
  }
}
