package dev.warden.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.config.Observability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway restarted on a log edited in place: it checks the segment it continues from, does
 * not chain onto it silently (the new segment's header records where it broke, a warning is
 * logged, {@link AuditLog#startProblem()} tells the metrics), verify still points at the edit,
 * and the records written after the restart verify. A crash's torn last line, or a seal made
 * with a key since changed, is not a break.
 */
class RestartOnBrokenLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Path segment(long n) {
    return dir.resolve(Segments.name(n));
  }

  /** One run of the gateway: {@code count} records, then a clean close (sealed); returns the log for its state. */
  private AuditLog run(String name, int count) throws Exception {
    AuditLog log = AuditFixtures.open(AuditFixtures.config(dir, Observability.Durability.ASYNC), Clock.systemUTC());
    for (int i = 1; i <= count; i++) {
      log.commit(AuditFixtures.record(name + "_" + i, 200));
    }
    log.close();
    return log;
  }

  private VerifyReport verify(Path folder) throws Exception {
    return Verifier.verify(folder, Optional.of(SealKey.of(AuditFixtures.KEY)));
  }

  private static List<String> lines(Path f) throws Exception {
    return new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
  }

  private static void write(Path f, List<String> lines) throws Exception {
    Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  /** Tampers with segment 1 (header, 5 records, seal), restarts, and checks what the restart did. */
  private void restartAfter(String kind, UnaryOperator<List<String>> tamper) throws Exception {
    run("before", 5);
    write(segment(1), tamper.apply(lines(segment(1))));
    VerifyReport before = verify(dir);
    assertFalse(before.ok(), kind + " must be found by verify");
    VerifyReport.Finding first = before.problems().getFirst();
    assertEquals(kind, first.kind(), before.problems().toString());

    AuditLog restarted = run("after", 3);
    // the gateway saw it, as verify reports it
    assertEquals(Optional.of(first), restarted.startProblem());
    JsonNode header = JSON.readTree(lines(segment(2)).getFirst());
    JsonNode broken = header.path("broken");
    assertEquals(1, broken.path("segment").asLong(), header.toString());
    assertEquals(Segments.name(1), broken.path("file").asText());
    assertEquals(first.line(), broken.path("line").asLong());
    assertEquals(kind, broken.path("kind").asText());
    assertEquals(first.message(), broken.path("message").asText());

    // verify still reports the tampered place first, and nothing in the new segment
    VerifyReport after = verify(dir);
    assertEquals(first, after.problems().getFirst(), after.problems().toString());
    assertTrue(after.problems().stream().allMatch(p -> p.file().equals(segment(1).toString())),
        after.problems().toString());
    assertTrue(after.notes().stream().anyMatch(n -> n.kind().equals("restarted on a broken log")
        && n.file().equals(segment(2).toString()) && n.message().contains("line " + first.line() + ": " + kind)),
        after.notes().toString());
    assertEquals(3, after.records() - before.records(), "the three new records are in the log");
    // the records written after the restart verify on their own
    Path alone = Files.createDirectory(dir.resolve("alone"));
    Files.copy(segment(2), alone.resolve(Segments.name(2)));
    VerifyReport own = verify(alone);
    assertTrue(own.ok(), own.problems().toString());
    assertEquals(3, own.records());
    assertEquals(1, own.sealsChecked());

    // and the run after that, on a log whose newest segment verifies, has nothing to say
    assertEquals(Optional.empty(), run("later", 1).startProblem());
  }

  @Test
  void anEditedRecordIsNotChainedOntoSilently() throws Exception {
    restartAfter("edited", l -> {
      l.set(3, l.get(3).replace("\"status\":200", "\"status\":201"));
      return l;
    });
  }

  @Test
  void aDeletedRecordIsNotChainedOntoSilently() throws Exception {
    restartAfter("deleted", l -> {
      l.remove(2);
      return l;
    });
  }

  @Test
  void aRecordCopiedInIsNotChainedOntoSilently() throws Exception {
    // verify names a copy of an earlier record by its sequence number: "record 2 comes after record 2"
    restartAfter("reordered", l -> {
      l.add(3, l.get(2));
      return l;
    });
  }

  @Test
  void reorderedRecordsAreNotChainedOntoSilently() throws Exception {
    restartAfter("reordered", l -> {
      String two = l.get(2);
      l.set(2, l.get(3));
      l.set(3, two);
      return l;
    });
  }

  @Test
  void anEditInAnUnsealedSegmentLeftByACrashIsFoundToo() throws Exception {
    run("before", 5);
    List<String> l = lines(segment(1));
    l.removeLast();   // the seal: as a kill leaves it
    l.set(2, l.get(2).replace("\"status\":200", "\"status\":500"));
    write(segment(1), l);
    AuditLog restarted = run("after", 2);
    assertTrue(restarted.startProblem().isPresent());
    assertEquals(3, restarted.startProblem().get().line());
    assertEquals("edited", restarted.startProblem().get().kind());
    VerifyReport v = verify(dir);
    assertEquals(segment(1) + ":3", v.problems().getFirst().render().substring(0, (segment(1) + ":3").length()));
    assertTrue(v.problems().stream().allMatch(p -> p.file().equals(segment(1).toString())), v.problems().toString());
  }

  @Test
  void aTornLastLineFromACrashIsNotABreak() throws Exception {
    run("before", 5);
    List<String> l = lines(segment(1));
    l.removeLast();
    String last = l.removeLast();
    write(segment(1), l);
    Files.writeString(segment(1), last.substring(0, last.length() / 2), StandardOpenOption.APPEND);
    AuditLog restarted = run("after", 2);
    assertEquals(Optional.empty(), restarted.startProblem());
    JsonNode header = JSON.readTree(lines(segment(2)).getFirst());
    assertFalse(header.has("broken"), header.toString());
    assertTrue(header.path("recovered").path("torn_tail").asBoolean(), header.toString());
    VerifyReport v = verify(dir);
    assertTrue(v.ok(), v.problems().toString());
    assertEquals(6, v.records(), "4 complete records before the crash, 2 after");
  }

  @Test
  void aSealMadeWithAKeySinceChangedIsNotABreak() throws Exception {
    run("before", 5);
    byte[] newKey = "a-new-seal-key-for-the-next-run".getBytes(StandardCharsets.UTF_8);
    Observability.Audit c = AuditFixtures.config(dir, Observability.Durability.ASYNC);
    Observability.Audit changed = new Observability.Audit(c.mode(), c.dir(), c.queue(), c.segmentBytes(),
        c.rotateAfter(), c.retention(), c.failClosed(), Optional.of(newKey), c.fsyncInterval(), c.syncTimeout(),
        c.maxLag(), c.redactBaseline(), c.exporters());
    AuditLog log = AuditFixtures.open(changed, Clock.systemUTC());
    log.close();
    assertEquals(Optional.empty(), log.startProblem());
    assertFalse(JSON.readTree(lines(segment(2)).getFirst()).has("broken"));
  }
}
