package dev.warden.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.config.Observability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampering with a log is found, and said where: a flipped byte, a deleted, inserted, swapped
 * or rewritten record, a deleted segment, a forged chain; a crash's torn line is not tampering.
 */
class VerifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;
  private Path first;
  private Path second;

  /** Two sealed segments of 10 records each (lines: header, 10 records, seal). */
  @BeforeEach
  void log() throws Exception {
    for (int run = 0; run < 2; run++) {
      AuditLog log = AuditFixtures.open(AuditFixtures.config(dir, Observability.Durability.ASYNC), Clock.systemUTC());
      for (int i = 1; i <= 10; i++) {
        log.commit(AuditFixtures.record("req_" + run + "_" + i, 200));
      }
      log.close();
    }
    List<Segments.Segment> s = Segments.list(dir);
    first = s.get(0).path();
    second = s.get(1).path();
    assertTrue(verify().ok());
  }

  private VerifyReport verify() throws Exception {
    return Verifier.verify(dir, Optional.of(SealKey.of(AuditFixtures.KEY)));
  }

  private static List<String> lines(Path f) throws Exception {
    return new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
  }

  private static void write(Path f, List<String> lines) throws Exception {
    Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  private VerifyReport.Finding firstProblem() throws Exception {
    VerifyReport v = verify();
    assertFalse(v.ok(), "tampering must be found");
    return v.problems().getFirst();
  }

  @Test
  void everyFlippedByteIsFoundOnItsLine() throws Exception {
    byte[] original = Files.readAllBytes(second);
    Random random = new Random(42);
    for (int trial = 0; trial < 60; trial++) {
      // not the newest segment's last byte: its final newline flipped leaves a last line without
      // one, which is what a crash in the middle of a write leaves, and verify takes it as such
      // (the sizes of the records vary with their times, so the draw hit it now and then)
      int at = random.nextInt(original.length - 1);
      byte[] b = original.clone();
      b[at] ^= (byte) (1 << random.nextInt(7));
      Files.write(second, b);
      long line = 1;
      for (int i = 0; i < at; i++) {
        if (original[i] == '\n') {
          line++;
        }
      }
      VerifyReport v = verify();
      int pos = at;
      assertFalse(v.ok(), () -> "flipping byte " + pos + " went unnoticed");
      VerifyReport.Finding f = v.problems().getFirst();
      if (original[at] == '\n') {
        // two lines became one: found on the first of them
        assertEquals(line, f.line(), f.render());
      } else {
        assertEquals(line, f.line(), () -> "byte " + pos + ": " + f.render());
      }
      assertEquals(second.toString(), f.file());
    }
    Files.write(second, original);
    assertTrue(verify().ok());
  }

  @Test
  void aFlippedByteThatKeepsTheValuesIsStillAnEdit() throws Exception {
    // an escaped control character: the hex digit's case can flip (B -> b, one bit) without
    // changing the parsed value, so the hash alone would not see it
    Path other = dir.resolve("other");
    AuditLog log = AuditFixtures.open(AuditFixtures.config(other, Observability.Durability.ASYNC), Clock.systemUTC());
    log.commit(AuditFixtures.record("req_\u001b[31m_1", 200));
    log.commit(AuditFixtures.record("req_2", 200));
    log.close();
    Path f = Segments.list(other).getFirst().path();
    byte[] b = Files.readAllBytes(f);
    String text = new String(b, StandardCharsets.UTF_8);
    int at = text.indexOf("\\u001B");
    assertTrue(at > 0, text);
    b[at + 5] ^= 0x20;
    Files.write(f, b);
    assertEquals(JSON.readTree(text.lines().toList().get(1)),
        JSON.readTree(new String(b, StandardCharsets.UTF_8).lines().toList().get(1)), "the same values");
    VerifyReport v = Verifier.verify(other, Optional.of(SealKey.of(AuditFixtures.KEY)));
    assertFalse(v.ok(), "a changed byte is an edit even when the values read the same");
    assertEquals(2, v.problems().getFirst().line(), v.problems().getFirst().render());
    assertEquals("edited", v.problems().getFirst().kind());
  }

  @Test
  void aRepeatedMemberIsAnEditThoughAParserKeepsTheLastOne() throws Exception {
    // {"status":500, ..., "status":200}: Jackson keeps 200 (the hash matches), another reader 500
    List<String> l = lines(first);
    l.set(4, "{\"status\":500," + l.get(4).substring(1));
    write(first, l);
    VerifyReport.Finding f = firstProblem();
    assertEquals("edited", f.kind());
    assertEquals(5, f.line(), f.render());
  }

  @Test
  void aRecordRespeltWithTheSameValuesIsAnEdit() throws Exception {
    List<String> l = lines(first);
    String respelt = l.get(3).replace("\"id\":\"req_0_3\"", "\"id\":\"req\\u005f0_3\"");
    assertFalse(respelt.equals(l.get(3)));
    l.set(3, respelt);
    write(first, l);
    VerifyReport.Finding f = firstProblem();
    assertEquals("edited", f.kind());
    assertEquals(4, f.line(), f.render());
  }

  @Test
  void anEditedValueIsReportedAsEdited() throws Exception {
    List<String> l = lines(first);
    l.set(4, l.get(4).replace("\"status\":200", "\"status\":403"));
    write(first, l);
    VerifyReport.Finding f = firstProblem();
    assertEquals("edited", f.kind());
    assertEquals(5, f.line());
    assertTrue(f.render().startsWith(first + ":5: edited:"), f.render());
  }

  @Test
  void aDeletedRecordIsReportedWhereItWas() throws Exception {
    List<String> l = lines(first);
    l.remove(5);
    write(first, l);
    VerifyReport.Finding f = firstProblem();
    assertEquals("deleted", f.kind());
    assertEquals(6, f.line());
    assertTrue(f.message().contains("record 5 is missing"), f.message());
  }

  @Test
  void swappedRecordsAreReportedAsReordered() throws Exception {
    List<String> l = lines(first);
    String a = l.get(3);
    l.set(3, l.get(4));
    l.set(4, a);
    write(first, l);
    VerifyReport.Finding f = firstProblem();
    assertEquals("reordered", f.kind());
    assertEquals(4, f.line());
  }

  @Test
  void anInsertedCopyIsFound() throws Exception {
    List<String> l = lines(first);
    l.add(7, l.get(2));
    write(first, l);
    VerifyReport.Finding f = firstProblem();
    assertEquals(8, f.line());
    assertEquals("reordered", f.kind(), f.render());
  }

  @Test
  void aForgedRecordWithItsHashRecomputedIsCaughtByTheChain() throws Exception {
    List<String> l = lines(first);
    ObjectNode forged = (ObjectNode) JSON.readTree(l.get(3));
    forged.put("status", 500);
    forged.remove("hash");
    l.set(3, new String(Chain.line(forged).bytes(), StandardCharsets.UTF_8).strip());
    write(first, l);
    VerifyReport.Finding f = firstProblem();
    assertEquals(5, f.line(), "the next record no longer chains to it: " + f.render());
  }

  @Test
  void aWholeSegmentRewrittenWithoutTheKeyBreaksItsSeal() throws Exception {
    List<String> l = lines(first);
    List<String> out = new ArrayList<>();
    String prev = null;
    for (int i = 0; i < l.size(); i++) {
      ObjectNode n = (ObjectNode) JSON.readTree(l.get(i));
      n.remove("hash");
      if (i == 2) {
        n.put("status", 500);
      }
      if (prev != null) {
        n.put("prev", prev);
        if (n.path("type").asText().equals("seal")) {
          n.put("last", prev);
        }
      }
      Chain.Line line = Chain.line(n);
      prev = line.hash();
      out.add(new String(line.bytes(), StandardCharsets.UTF_8).strip());
    }
    write(first, out);
    VerifyReport v = verify();
    assertEquals("forged", v.problems().getFirst().kind(), v.problems().toString());
    assertEquals(12, v.problems().getFirst().line());
    // and the next segment no longer chains to it
    assertTrue(v.problems().stream().anyMatch(p -> p.file().equals(second.toString()) && p.line() == 1));
  }

  /**
   * What someone who can write the files but has no key can do: rewrite lines with their hashes
   * recomputed, chained from {@code prev} (null: keep the first line's), changing each line as
   * {@code edit} says; the seal is dropped when {@code dropSeal}. Returns the last hash.
   */
  private static String rechain(Path f, String prev, java.util.function.BiConsumer<Integer, ObjectNode> edit,
      boolean dropSeal) throws Exception {
    List<String> l = lines(f);
    if (dropSeal) {
      l.removeLast();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      ObjectNode n = (ObjectNode) JSON.readTree(l.get(i));
      n.remove("hash");
      edit.accept(i, n);
      if (prev != null) {
        n.put("prev", prev);
        if (n.path("type").asText().equals("seal")) {
          n.put("last", prev);
        }
      }
      Chain.Line line = Chain.line(n);
      prev = line.hash();
      out.add(new String(line.bytes(), StandardCharsets.UTF_8).strip());
    }
    write(f, out);
    return prev;
  }

  /** Strips the first segment's seal after an edit and has the second claim a crash, the attestation as given. */
  private void stripSealAndClaimACrash(java.util.function.Consumer<ObjectNode> attestation) throws Exception {
    String last = rechain(first, null, (i, n) -> {
      if (i == 2) {
        n.put("status", 500);
      }
    }, true);
    rechain(second, last, (i, n) -> {
      if (i == 0) {
        ObjectNode r = n.putObject("recovered");
        r.put("segment", 1).put("records", 10).put("torn_tail", false);
        attestation.accept(r);
      }
    }, true);
  }

  @Test
  void aSealStrippedAndACrashClaimedIsFound() throws Exception {
    byte[] one = Files.readAllBytes(first);
    byte[] two = Files.readAllBytes(second);
    stripSealAndClaimACrash(r -> { });
    VerifyReport.Finding f = firstProblem();
    assertEquals("unsealed", f.kind(), f.render());
    assertEquals(second.toString(), f.file());
    assertEquals(1, f.line());
    // without the key it cannot be told from a crash: the report says the seals were not checked
    VerifyReport unkeyed = Verifier.verify(dir, List.of());
    assertTrue(unkeyed.notes().stream().anyMatch(n -> n.kind().equals("seals not checked")), unkeyed.notes().toString());

    Files.write(first, one);
    Files.write(second, two);
    stripSealAndClaimACrash(r -> r.put("key_id", SealKey.of(AuditFixtures.KEY).id()).put("hmac", "00".repeat(32)));
    f = firstProblem();
    assertEquals("forged", f.kind(), f.render());
    assertEquals(second + ":1", f.file() + ":" + f.line());

    Files.write(first, one);
    Files.write(second, two);
    stripSealAndClaimACrash(r -> r.put("key_id", "0123456789abcdef").put("hmac", "00".repeat(32)));
    assertEquals("other key", firstProblem().kind());
  }

  @Test
  void aSegmentResealedUnderAMadeUpKeyIsAProblemNotANote() throws Exception {
    // rewrite the last segment and "seal" it with a key id of one's own: the HMAC cannot be checked
    rechain(second, null, (i, n) -> {
      if (i == 2) {
        n.put("status", 500);
      }
      if (n.path("type").asText().equals("seal")) {
        n.put("key_id", "feedfacefeedface");
      }
    }, false);
    VerifyReport.Finding f = firstProblem();
    assertEquals("other key", f.kind(), f.render());
    assertEquals(12, f.line());
  }

  @Test
  void aLogSealedUnderTwoKeysVerifiesWithBoth() throws Exception {
    byte[] next = "the-seal-key-after-rotation-000".getBytes(StandardCharsets.UTF_8);
    Observability.Audit c = AuditFixtures.config(dir, Observability.Durability.ASYNC);
    c = new Observability.Audit(c.mode(), c.dir(), c.queue(), c.segmentBytes(), c.rotateAfter(), c.retention(),
        c.failClosed(), Optional.of(next), c.fsyncInterval(), c.syncTimeout(), c.maxLag(), c.redactBaseline(),
        c.exporters());
    AuditLog log = AuditLog.open(c, new AuditContent(new dev.warden.engine.redact.Redactor(next), true),
        Clock.systemUTC(), List.of());
    log.commit(AuditFixtures.record("after-rotation", 200));
    log.close();
    VerifyReport both = Verifier.verify(dir, List.of(SealKey.of(AuditFixtures.KEY), SealKey.of(next)));
    assertTrue(both.ok(), both.problems().toString());
    assertEquals(3, both.sealsChecked());
    VerifyReport newOnly = Verifier.verify(dir, List.of(SealKey.of(next)));
    assertFalse(newOnly.ok());
    assertEquals("other key", newOnly.problems().getFirst().kind());
    assertEquals(first.toString(), newOnly.problems().getFirst().file());
  }

  @Test
  void aDeletedSegmentIsFound() throws Exception {
    AuditLog log = AuditFixtures.open(AuditFixtures.config(dir, Observability.Durability.ASYNC), Clock.systemUTC());
    log.commit(AuditFixtures.record("third", 200));
    log.close();
    Files.delete(second);
    VerifyReport.Finding f = firstProblem();
    assertEquals("deleted", f.kind());
    assertTrue(f.message().contains("segment 2 missing"), f.message());
  }

  @Test
  void theFirstSegmentGoneIsAStartNotTampering() throws Exception {
    Files.delete(first);
    VerifyReport v = verify();
    assertTrue(v.ok(), () -> v.problems().toString());
    assertTrue(v.notes().stream().anyMatch(n -> n.kind().equals("start") && n.message().contains("record 11")));
  }

  @Test
  void aTornLastLineIsACrashNotTampering() throws Exception {
    List<String> l = lines(second);
    String seal = l.removeLast();
    write(second, l);
    Files.writeString(second, seal.substring(0, seal.length() / 2), java.nio.file.StandardOpenOption.APPEND);
    VerifyReport v = verify();
    assertTrue(v.ok(), () -> v.problems().toString());
    assertTrue(v.notes().stream().anyMatch(n -> n.kind().equals("torn") && n.line() == 12), v.notes().toString());
    assertEquals(20, v.records());
  }

  @Test
  void aRestartAfterACrashIsRecordedAndStillVerifies() throws Exception {
    List<String> l = lines(second);
    String seal = l.removeLast();
    String last = l.removeLast();
    write(second, l);
    Files.writeString(second, last.substring(0, 40), java.nio.file.StandardOpenOption.APPEND);
    AuditLog log = AuditFixtures.open(AuditFixtures.config(dir, Observability.Durability.ASYNC), Clock.systemUTC());
    log.commit(AuditFixtures.record("after-crash", 200));
    log.close();
    VerifyReport v = verify();
    assertTrue(v.ok(), () -> v.problems().toString() + seal);
    assertTrue(v.notes().stream().anyMatch(n -> n.kind().equals("recovered")), v.notes().toString());
    // the record cut in half is not there; the next one continues from the last complete one
    assertEquals(20, v.records());
    // removing a complete record from the crashed segment afterwards is still found
    List<String> again = lines(second);
    again.remove(3);
    Files.writeString(second, String.join("\n", again));
    assertFalse(verify().ok());
  }

  @Test
  void withoutTheKeyTheChainIsCheckedAndTheSealsAreSaidNotToBe() throws Exception {
    VerifyReport v = Verifier.verify(dir, Optional.empty());
    assertTrue(v.ok());
    assertEquals(0, v.sealsChecked());
    assertTrue(v.notes().stream().anyMatch(n -> n.kind().equals("seals not checked")));
  }
}
