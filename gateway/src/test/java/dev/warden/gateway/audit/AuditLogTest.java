package dev.warden.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.config.Observability;
import dev.warden.gateway.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      out.add(JSON.readTree(l));
    }
    return out;
  }

  private VerifyReport verify() throws Exception {
    return Verifier.verify(dir, Optional.of(SealKey.of(AuditFixtures.KEY)));
  }

  @Test
  void asyncRecordsAreChainedSealedAtCloseAndVerify() throws Exception {
    AuditLog log = AuditFixtures.open(AuditFixtures.config(dir, Observability.Durability.ASYNC), Clock.systemUTC());
    for (int i = 1; i <= 50; i++) {
      log.commit(AuditFixtures.record("req_" + i, i % 5 == 0 ? 401 : 200));
    }
    log.close();
    List<Segments.Segment> segments = Segments.list(dir);
    assertEquals(1, segments.size());
    List<JsonNode> lines = lines(segments.getFirst().path());
    assertEquals(52, lines.size(), "header, 50 records, seal");
    assertEquals("segment", lines.getFirst().path("type").asText());
    assertEquals(Chain.GENESIS, lines.getFirst().path("prev").asText());
    for (int i = 1; i <= 50; i++) {
      JsonNode r = lines.get(i);
      assertEquals(i, r.path("seq").asLong());
      assertEquals("req_" + i, r.path("id").asText());
      assertEquals(lines.get(i - 1).path("hash").asText(), r.path("prev").asText());
    }
    JsonNode seal = lines.getLast();
    assertEquals("seal", seal.path("type").asText());
    assertEquals(50, seal.path("records").asLong());
    VerifyReport v = verify();
    assertTrue(v.ok(), () -> v.problems().toString());
    assertEquals(50, v.records());
    assertEquals(1, v.sealsChecked());
  }

  @Test
  void syncModeCommitsInGroupsAndEveryReturnedRecordIsOnDisk() throws Exception {
    AuditLog log = AuditFixtures.open(AuditFixtures.config(dir, Observability.Durability.SYNC), Clock.systemUTC());
    java.util.concurrent.atomic.AtomicLong timed = new java.util.concurrent.atomic.AtomicLong();
    log.observeForces(nanos -> {
      assertTrue(nanos > 0, "a force takes time");
      timed.incrementAndGet();
    });
    // 32 requests render their records at once (sync mode renders on the request's thread)
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String id = "req_" + i;
      done.add(pool.submit(() -> {
        log.commit(AuditFixtures.record(id, 200));
        // sync: once commit returns, the record is in the file
        String text = Files.readString(Segments.list(dir).getLast().path());
        assertTrue(text.contains("\"" + id + "\""), id + " returned before it was written");
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    long forces = log.forces();
    log.close();
    assertTrue(forces < 400, "group commit: 400 records, " + forces + " forces");
    assertEquals(forces, timed.get(), "every group commit's force is timed");
    assertTrue(verify().ok());
    assertEquals(400, verify().records());
  }

  @Test
  void aSecondWriterOfTheSameFolderIsRefusedAndTheChainStaysWhole() throws Exception {
    // two gateways started on one folder (the README's second gateway in the same checkout) each
    // continued the chain from where they found it, and the log then failed verification
    AuditLog first = AuditFixtures.open(AuditFixtures.config(dir, Observability.Durability.ASYNC), Clock.systemUTC());
    first.commit(AuditFixtures.record("first_1", 200));
    java.io.IOException e = assertThrows(java.io.IOException.class,
        () -> AuditFixtures.open(AuditFixtures.config(dir, Observability.Durability.ASYNC), Clock.systemUTC()));
    assertTrue(e.getMessage().contains("another gateway is writing to it")
        && e.getMessage().contains("WARDEN_AUDIT_DIR"), e.getMessage());
    assertEquals(1, Segments.list(dir).size(), "the refused writer created no segment");
    first.commit(AuditFixtures.record("first_2", 200));
    first.close();
    // once the first has stopped, the folder is free again
    AuditLog next = AuditFixtures.open(AuditFixtures.config(dir, Observability.Durability.ASYNC), Clock.systemUTC());
    next.commit(AuditFixtures.record("next_1", 200));
    next.close();
    VerifyReport v = verify();
    assertTrue(v.ok(), () -> v.problems().toString());
    assertEquals(3, v.records());
  }

  @Test
  void aRestartContinuesTheChainInANewSegment() throws Exception {
    for (int run = 0; run < 3; run++) {
      AuditLog log = AuditFixtures.open(AuditFixtures.config(dir, Observability.Durability.ASYNC), Clock.systemUTC());
      for (int i = 0; i < 5; i++) {
        log.commit(AuditFixtures.record("run" + run + "_" + i, 200));
      }
      log.close();
    }
    assertEquals(3, Segments.list(dir).size());
    VerifyReport v = verify();
    assertTrue(v.ok(), () -> v.problems().toString());
    assertEquals(15, v.records());
    assertEquals(1, v.firstSeq());
    assertEquals(15, v.lastSeq());
    assertEquals(3, v.sealsChecked());
  }

  @Test
  void segmentsRotateBySizeAndEachIsSealed() throws Exception {
    AuditLog log = AuditFixtures.open(AuditFixtures.config(dir, Observability.Durability.ASYNC, 4096,
        Optional.empty(), 10_000), Clock.systemUTC());
    for (int i = 0; i < 60; i++) {
      log.commit(AuditFixtures.record("req_" + i, 200));
      if (i % 10 == 0) {
        AuditFixtures.settle(log);
      }
    }
    log.close();
    List<Segments.Segment> segments = Segments.list(dir);
    assertTrue(segments.size() >= 3, "several segments of 4 KB: " + segments.size());
    for (Segments.Segment s : segments) {
      assertTrue(Retention.closedAt(s.path()).isPresent(), s.path() + " is sealed");
    }
    VerifyReport v = verify();
    assertTrue(v.ok(), () -> v.problems().toString());
    assertEquals(60, v.records());
  }

  @Test
  void segmentsRotateByAge() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));
    AuditLog log = AuditFixtures.open(AuditFixtures.config(dir, Observability.Durability.ASYNC), clock);
    log.commit(AuditFixtures.record("before", 200));
    AuditFixtures.settle(log);
    clock.advance(Duration.ofMinutes(61));
    // the writer looks at the clock at least every max_lag (100 ms)
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Segments.list(dir).size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    log.commit(AuditFixtures.record("after", 200));
    log.close();
    assertEquals(2, Segments.list(dir).size());
    assertTrue(verify().ok());
  }

  @Test
  void retentionDeletesOldSealedSegmentsAndWhatIsLeftStillVerifies() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-01T00:00:00Z"));
    for (int day = 0; day < 3; day++) {
      AuditLog log = AuditFixtures.open(AuditFixtures.config(dir, Observability.Durability.ASYNC), clock);
      log.commit(AuditFixtures.record("day" + day, 200));
      log.close();
      clock.advance(Duration.ofDays(1));
    }
    // day 3: retention of 36 hours keeps the segment closed a day ago, deletes the older ones
    AuditLog log = AuditFixtures.open(AuditFixtures.config(dir, Observability.Durability.ASYNC, 64L << 20,
        Optional.of(Duration.ofHours(36)), 10_000), clock);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Segments.list(dir).size() > 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    log.commit(AuditFixtures.record("day3", 200));
    log.close();
    List<Segments.Segment> left = Segments.list(dir);
    assertEquals(List.of(3L, 4L), left.stream().map(Segments.Segment::number).toList());
    VerifyReport v = verify();
    assertTrue(v.ok(), () -> v.problems().toString());
    assertTrue(v.notes().stream().anyMatch(n -> n.kind().equals("start")), "the first segment left is trusted");
    assertEquals(2, v.records());
  }

  @Test
  void anUnwritableLogFailsClosedAndRecoversWhenItCanWriteAgain() throws Exception {
    Observability.Audit config = AuditFixtures.config(dir, Observability.Durability.SYNC, 4096, Optional.empty(),
        10_000);
    AuditLog log = AuditFixtures.open(config, Clock.systemUTC());
    // the next segment's name is taken by a link to a full device: rotation cannot create it
    Path blocker = dir.resolve(Segments.name(2));
    Files.createSymbolicLink(blocker, Path.of("/dev/full"));
    int accepted = 0;
    ApiError refused = null;
    for (int i = 0; i < 200 && refused == null; i++) {
      try {
        log.commit(AuditFixtures.record("req_" + i, 200));
        accepted++;
      } catch (ApiError e) {
        refused = e;
      }
    }
    assertTrue(refused != null, "a log that cannot be written refuses (fail closed)");
    assertEquals(503, refused.status());
    assertEquals("audit_unavailable", refused.code());
    assertTrue(log.problem().isPresent());
    ApiError early = assertThrows(ApiError.class, log::admit);
    assertEquals(503, early.status());
    // callers and the open readiness check are told what failed, not where the server keeps its files
    assertFalse(refused.getMessage().contains(dir.toString()), refused.getMessage());
    for (String said : new String[] {early.getMessage(), log.problem().orElseThrow()}) {
      assertFalse(said.contains(dir.toString()), said);
      assertTrue(said.contains(Segments.name(2)), said);
    }
    Files.delete(blocker);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (log.problem().isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(log.problem().isEmpty(), "writes again once the segment can be created");
    log.commit(AuditFixtures.record("after", 200));
    log.close();
    VerifyReport v = verify();
    assertTrue(v.ok(), () -> v.problems().toString());
    assertTrue(accepted > 0);
  }
}
