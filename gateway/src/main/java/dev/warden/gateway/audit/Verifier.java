package dev.warden.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies an audit folder: every line's hash, the chain of {@code prev} hashes and sequence
 * numbers within and across segments, segment numbering, and each seal (with the key, when
 * given). Reports the first problem at its file and line, naming what it looks like (edited,
 * deleted, inserted, reordered), then goes on from there to report up to {@link #MAX_PROBLEMS}.
 *
 * <p>The first segment present is trusted as the start: its header's {@code prev} is taken as
 * given (earlier segments may have been deleted by retention). An incomplete last line (a crash
 * during a write) is a note, not tampering, when it is the end of the log or the next segment's
 * header says it recovered from it.
 */
public final class Verifier {
  static final int MAX_PROBLEMS = 50;
  /** Where a parsed line carries whether its hash matched, until it is looked at. */
  private static final String OK = "\u0000ok";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The seal keys given, by id (several when the key was changed over the log's life). */
  private final Map<String, SealKey> keys = new LinkedHashMap<>();
  private final List<VerifyReport.Finding> problems = new ArrayList<>();
  private final List<VerifyReport.Finding> notes = new ArrayList<>();
  private String prevHash;
  private long expectedSeq = -1;
  private long records;
  private long firstSeq = -1;
  private long lastSeq = -1;
  private int seals;

  private Verifier(List<SealKey> keys) {
    keys.forEach(k -> this.keys.putIfAbsent(k.id(), k));
  }

  /** Verifies {@code dir} with the seal key, if any. */
  public static VerifyReport verify(Path dir, Optional<SealKey> key) throws IOException {
    return verify(dir, key.stream().toList());
  }

  /**
   * Verifies {@code dir} with any of {@code keys} (none: the seals are not checked). A seal made
   * with a key not given is a problem: it cannot be told from a seal forged with a made-up key.
   */
  public static VerifyReport verify(Path dir, List<SealKey> keys) throws IOException {
    return new Verifier(keys).run(dir);
  }

  /** How a segment ended, for the next one's header to be checked against. */
  private record End(long number, boolean sealed, boolean torn, long records) {}

  /**
   * The newest segment checked on its own, as a gateway about to continue the chain after it
   * sees it: what verifying it found (its header trusted as the start), and where its chain
   * ends as a verify of the whole folder will expect the next segment's header to continue it
   * (the last hash, the next sequence number, the records it holds, whether it is sealed, and
   * whether its last line is torn).
   *
   * @param lastHash the hash the next header must chain to; empty when no line of the segment is
   *     an audit line (not even its header)
   */
  record Tail(VerifyReport report, Optional<String> lastHash, long nextSeq, long records, boolean sealed,
      boolean torn) {}

  /**
   * Verifies one segment on its own, reading it once: its lines' hashes, its chain and sequence
   * numbers from its header on, and its seal with {@code keys}. Costs one read of the file
   * (at most {@code segment_bytes}), not of the whole log.
   */
  static Tail tail(Segments.Segment s, List<SealKey> keys) throws IOException {
    Verifier v = new Verifier(keys);
    End end = v.segment(s, null, true);
    VerifyReport report = new VerifyReport(v.problems, v.notes, 1, v.records, v.seals, v.firstSeq, v.lastSeq);
    return new Tail(report, Optional.ofNullable(v.prevHash), Math.max(1, v.expectedSeq), end.records(), end.sealed(),
        end.torn());
  }

  private VerifyReport run(Path dir) throws IOException {
    List<Segments.Segment> segments = Segments.list(dir);
    if (segments.isEmpty()) {
      notes.add(new VerifyReport.Finding(dir.toString(), 0, "empty", "no audit segments here"));
    }
    End previous = null;
    for (int i = 0; i < segments.size() && problems.size() < MAX_PROBLEMS; i++) {
      try {
        previous = segment(segments.get(i), previous, i == segments.size() - 1);
      } catch (NoSuchFileException e) {
        String file = segments.get(i).path().toString();
        if (previous == null) {
          // retention deletes the oldest segments, also while a verify runs: the next one is the start
          notes.add(new VerifyReport.Finding(file, 0, "gone", "deleted while it was being verified (retention"
              + " removes the oldest segments)"));
        } else {
          problem(file, 0, "deleted", "the segment was deleted while it was being verified, after "
              + Segments.name(previous.number()) + ": retention only removes the oldest ones");
        }
      }
    }
    if (keys.isEmpty() && !segments.isEmpty()) {
      notes.add(new VerifyReport.Finding(dir.toString(), 0, "seals not checked",
          "no seal key was given (--key-file, WARDEN_AUDIT_SEAL_KEY, or " + SealKey.FILE + " in the folder): the chain"
              + " was verified, the seals' HMACs (and those of crash recoveries) were not"));
    }
    return new VerifyReport(problems, notes, segments.size(), records, seals, firstSeq, lastSeq);
  }

  private End segment(Segments.Segment s, End previous, boolean lastSegment) throws IOException {
    String file = s.path().toString();
    byte[] bytes = Files.readAllBytes(s.path());
    List<int[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        lines.add(new int[] {start, i});
        start = i + 1;
      }
    }
    boolean torn = start < bytes.length;
    if (lines.isEmpty()) {
      problem(file, 1, "damaged", "the segment has no complete header line");
      return new End(s.number(), false, torn, 0);
    }
    List<ObjectNode> parsed = new ArrayList<>(lines.size());
    for (int[] l : lines) {
      parsed.add(parse(bytes, l));
    }
    long inSegment = 0;
    boolean sealed = false;
    for (int k = 0; k < parsed.size() && problems.size() < MAX_PROBLEMS; k++) {
      long lineNo = k + 1;
      ObjectNode n = parsed.get(k);
      if (n == null) {
        problem(file, lineNo, "edited", "not a valid audit line (not JSON, or no hash): the line was changed");
        continue;
      }
      String type = n.path("type").asText();
      boolean hashOk = n.path(OK).asBoolean();
      n.remove(OK);
      if (k == 0) {
        header(file, s, n, hashOk, previous);
        continue;
      }
      if (sealed) {
        problem(file, lineNo, "inserted", "a line after the segment's seal");
        continue;
      }
      switch (type) {
        case "request" -> {
          record(file, lineNo, n, hashOk, parsed, k);
          inSegment++;
        }
        case "seal" -> {
          seal(file, lineNo, s, n, hashOk, inSegment);
          sealed = true;
        }
        default -> problem(file, lineNo, "inserted", "a \"" + type + "\" line inside a segment");
      }
    }
    if (torn) {
      if (lastSegment) {
        notes.add(new VerifyReport.Finding(file, lines.size() + 1L, "torn",
            "the last line is incomplete (the gateway was stopped during a write, e.g. killed): every complete line"
                + " before it verifies"));
      } else {
        notes.add(new VerifyReport.Finding(file, lines.size() + 1L, "torn",
            "the last line is incomplete (a crash during a write); the next segment continues after it"));
      }
    }
    if (!sealed && lastSegment) {
      notes.add(new VerifyReport.Finding(file, 0, "open", "the last segment is not sealed: it is being written, or"
          + " the gateway stopped without closing it (records after its last line could be lost unnoticed)"));
    }
    return new End(s.number(), sealed, torn, inSegment);
  }

  private void header(String file, Segments.Segment s, ObjectNode h, boolean hashOk, End previous) {
    if (!"segment".equals(h.path("type").asText())) {
      problem(file, 1, "damaged", "the first line is not a segment header");
      return;
    }
    if (!hashOk) {
      problem(file, 1, "edited", "the segment header does not match its hash");
    }
    if (h.path("segment").asLong() != s.number()) {
      problem(file, 1, "replaced", "the header says segment " + h.path("segment").asLong() + " but the file is named"
          + " for segment " + s.number());
    }
    long next = h.path("next_seq").asLong();
    String prev = h.path("prev").asText();
    if (previous == null) {
      if (s.number() != 1 || !prev.equals(Chain.GENESIS)) {
        notes.add(new VerifyReport.Finding(file, 1, "start", "the log here starts at segment " + s.number()
            + " (record " + next + "): earlier segments are not here (deleted by retention, or archived), so this"
            + " header is trusted as the start of the chain"));
      }
    } else {
      if (s.number() != previous.number() + 1) {
        problem(file, 1, "deleted", "segment" + (s.number() - previous.number() > 2 ? "s " : " ")
            + (previous.number() + 1) + (s.number() - previous.number() > 2 ? ".." + (s.number() - 1) : "")
            + " missing between " + Segments.name(previous.number()) + " and this one");
      } else if (!prev.equals(prevHash)) {
        problem(file, 1, "replaced", "the header does not chain to the end of " + Segments.name(previous.number())
            + " (that segment was changed, replaced or cut)");
      }
      if (next != expectedSeq) {
        problem(file, 1, "deleted", "the segment starts at record " + next + " but the one before ended at record "
            + (expectedSeq - 1));
      }
      JsonNode recovered = h.path("recovered");
      if (!previous.sealed()) {
        if (!recovered.isObject()) {
          problem(file, 1, "unsealed", Segments.name(previous.number()) + " has no seal and this segment does not say"
              + " it recovered from it (its seal was removed?)");
        } else if (recovered.path("records").asLong() != previous.records()) {
          problem(file, 1, "deleted", Segments.name(previous.number()) + " held " + recovered.path("records").asLong()
              + " records when the gateway restarted; it holds " + previous.records() + " now");
        } else if (recoveryAttested(file, recovered, previous)) {
          notes.add(new VerifyReport.Finding(file, 1, "recovered", "the gateway restarted after "
              + Segments.name(previous.number()) + " was left unsealed (a crash or kill); the chain continues"));
        }
      } else if (recovered.isObject()) {
        problem(file, 1, "edited", "the header says it recovered from an unsealed segment, but "
            + Segments.name(previous.number()) + " is sealed");
      }
    }
    JsonNode broken = h.path("broken");
    if (broken.isObject()) {
      notes.add(new VerifyReport.Finding(file, 1, "restarted on a broken log", "the gateway started this segment after"
          + " finding that " + AuditFilter.cut(broken.path("file").asText()) + " did not verify (line "
          + broken.path("line").asLong() + ": " + AuditFilter.cut(broken.path("kind").asText()) + "); the problems"
          + " are reported where they are, and this segment's records are checked as any others"));
    }
    prevHash = h.path("hash").asText();
    expectedSeq = next;
  }

  private void record(String file, long lineNo, ObjectNode n, boolean hashOk, List<ObjectNode> parsed, int k) {
    long seq = n.path("seq").asLong(-1);
    String prev = n.path("prev").asText();
    String at = " (seq " + seq + (n.path("id").isTextual() ? ", request " + n.path("id").asText() : "") + ")";
    if (!hashOk) {
      problem(file, lineNo, "edited", "the record does not match its hash" + at + ": it was changed after it was"
          + " written");
    } else if (seq == expectedSeq && !prev.equals(prevHash)) {
      problem(file, lineNo, "inserted", "the record does not chain to the line before it" + at + ": a record was"
          + " inserted or replaced here");
    } else if (seq > expectedSeq) {
      long found = find(parsed, k, expectedSeq);
      if (found > 0) {
        problem(file, lineNo, "reordered", "record " + seq + " comes before record " + expectedSeq + " (line " + found
            + ")");
      } else {
        problem(file, lineNo, "deleted", (seq - expectedSeq == 1 ? "record " + expectedSeq + " is"
            : "records " + expectedSeq + ".." + (seq - 1) + " are") + " missing before this line" + at);
      }
    } else if (seq < expectedSeq) {
      problem(file, lineNo, seq >= 0 ? "reordered" : "edited", "record " + seq + " comes after record "
          + (expectedSeq - 1) + " (moved, or copied in)");
    }
    records++;
    if (firstSeq < 0) {
      firstSeq = seq;
    }
    lastSeq = Math.max(lastSeq, seq);
    prevHash = n.path("hash").asText();
    expectedSeq = Math.max(expectedSeq, seq + 1);
  }

  private void seal(String file, long lineNo, Segments.Segment s, ObjectNode n, boolean hashOk, long inSegment) {
    if (!hashOk) {
      problem(file, lineNo, "edited", "the seal does not match its hash");
    }
    if (!n.path("prev").asText().equals(prevHash) || !n.path("last").asText().equals(prevHash)) {
      problem(file, lineNo, "edited", "the seal does not chain to the segment's last record");
    }
    if (n.path("records").asLong() != inSegment) {
      problem(file, lineNo, "deleted", "the seal counts " + n.path("records").asLong() + " records; the segment holds "
          + inSegment);
    }
    if (!keys.isEmpty()) {
      SealKey k = keys.get(n.path("key_id").asText());
      if (k == null) {
        problem(file, lineNo, "other key", otherKey(n.path("key_id").asText()));
      } else if (!k.checks(s.number(), n.path("records").asLong(), n.path("last").asText(), n.path("hmac").asText())) {
        problem(file, lineNo, "forged", "the seal's HMAC does not verify: the segment's records were rewritten (hashes"
            + " recomputed) or the seal was forged");
      } else {
        seals++;
      }
    }
    prevHash = n.path("hash").asText();
  }

  /**
   * Whether a header's claim that the segment before it was left unsealed by a crash is
   * attested by the gateway's key (an HMAC over that segment's number, record count and last
   * hash, as a seal would be), so that stripping a seal and claiming a crash is caught. True
   * when no key was given (the note about unchecked seals covers it).
   */
  private boolean recoveryAttested(String file, JsonNode recovered, End previous) {
    if (keys.isEmpty()) {
      return true;
    }
    if (!recovered.path("hmac").isTextual()) {
      problem(file, 1, "unsealed", Segments.name(previous.number()) + " has no seal, and this header's claim that it"
          + " was left so by a crash carries no HMAC: its seal may have been removed and the segment rewritten");
      return false;
    }
    SealKey k = keys.get(recovered.path("key_id").asText());
    if (k == null) {
      problem(file, 1, "other key", otherKey(recovered.path("key_id").asText()));
      return false;
    }
    if (!k.checks(previous.number(), previous.records(), prevHash, recovered.path("hmac").asText())) {
      problem(file, 1, "forged", "the HMAC of the crash recovery does not verify against how "
          + Segments.name(previous.number()) + " ends now: that segment was rewritten after the crash, or its seal"
          + " removed");
      return false;
    }
    return true;
  }

  private String otherKey(String id) {
    return "sealed with key " + (id.isEmpty() ? "(none named)" : "\"" + AuditFilter.cut(id) + "\"") + ", not a key given ("
        + String.join(", ", keys.keySet()) + "): it cannot be checked, and a seal forged with a made-up key looks"
        + " the same; give that key too (--key-file, repeatable) if the seal key was changed";
  }

  /** The line (1-based) of the record with {@code seq} after position {@code k}, or 0. */
  private static long find(List<ObjectNode> parsed, int k, long seq) {
    for (int j = k + 1; j < parsed.size(); j++) {
      ObjectNode n = parsed.get(j);
      if (n != null && n.path("seq").asLong(-1) == seq) {
        return j + 1L;
      }
    }
    return 0;
  }

  /**
   * A line, checked against its hash as it is read; a record is kept only as what the chain
   * needs (type, seq, prev, hash, id), so a large segment does not sit in memory as JSON trees.
   */
  private static ObjectNode parse(byte[] bytes, int[] line) {
    try {
      JsonNode n = JSON.readTree(bytes, line[0], line[1] - line[0]);
      if (!(n instanceof ObjectNode o) || !o.path("hash").isTextual()) {
        return null;
      }
      boolean ok = asWritten(o, bytes, line);
      ObjectNode kept = o;
      if ("request".equals(o.path("type").asText())) {
        kept = JSON.createObjectNode();
        for (String k : List.of("type", "seq", "prev", "hash", "id")) {
          if (o.has(k)) {
            kept.set(k, o.get(k));
          }
        }
      }
      kept.put(OK, ok);
      return kept;
    } catch (JsonProcessingException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Whether the line is exactly what the gateway wrote for its values: its canonical form with
   * the hash that form has. Matching the hash alone would let a line be spelt differently with
   * the same values (a hex digit's case in a {@code \\u} escape, {@code e} for {@code E} in a
   * number) or carry a repeated member that the parser drops but another reader would take,
   * all without breaking the chain; the log files hold canonical lines only, so any other
   * spelling is an edit. (Copies re-serialised elsewhere, a SIEM's or a {@code jsonb} column's,
   * are checked against the hash alone: {@link Chain#expectedHash}.)
   */
  private static boolean asWritten(ObjectNode o, byte[] bytes, int[] line) {
    ObjectNode copy = o.deepCopy();
    copy.remove("hash");
    if (copy.isEmpty()) {
      return false;
    }
    // the line as the gateway writes it: canonical, its hash appended, then a newline (not read here)
    byte[] expected = Chain.line(Canonical.bytes(copy)).bytes();
    return Arrays.equals(expected, 0, expected.length - 1, bytes, line[0], line[1]);
  }

  private void problem(String file, long line, String kind, String message) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(new VerifyReport.Finding(file, line, kind, message));
    }
  }
}
