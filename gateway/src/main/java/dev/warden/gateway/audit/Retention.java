package dev.warden.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Retention by age: deletes whole segments whose seal says they were closed before the cut-off,
 * oldest first, never the segment being written. A segment the gateway did not seal (it
 * stopped without closing it) counts as closed when its file was last written. Verification of what is left starts at the
 * first remaining segment, whose header is then trusted as the start of the log.
 */
final class Retention {
  private static final System.Logger LOG = System.getLogger("warden.audit");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A seal line is short; this much of a file's end always holds it. */
  private static final int TAIL = 16 * 1024;

  private Retention() {}

  /** Deletes the sealed segments closed before {@code cutoff}; returns how many. */
  static int apply(Path dir, Instant cutoff, long current) throws IOException {
    int deleted = 0;
    for (Segments.Segment s : Segments.list(dir)) {
      if (s.number() >= current) {
        break;
      }
      Optional<Instant> closed = closedAt(s.path())
          .or(() -> lastWritten(s.path()));
      if (closed.isEmpty() || !closed.get().isBefore(cutoff)) {
        // segments are closed in order: a later one is not older
        break;
      }
      Files.delete(s.path());
      deleted++;
      LOG.log(System.Logger.Level.INFO, "audit retention: deleted " + s.path().getFileName() + " (closed "
          + closed.get() + ")");
    }
    return deleted;
  }

  private static Optional<Instant> lastWritten(Path file) {
    try {
      return Optional.of(Files.getLastModifiedTime(file).toInstant());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** When a segment was sealed, from its last line; empty when it has no seal. */
  static Optional<Instant> closedAt(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      int n = (int) Math.min(len, TAIL);
      byte[] b = new byte[n];
      f.seek(len - n);
      f.readFully(b);
      int end = n;
      while (end > 0 && b[end - 1] == '\n') {
        end--;
      }
      int start = end;
      while (start > 0 && b[start - 1] != '\n') {
        start--;
      }
      if (start == end) {
        return Optional.empty();
      }
      JsonNode last = JSON.readTree(b, start, end - start);
      if (!"seal".equals(last.path("type").asText())) {
        return Optional.empty();
      }
      return Optional.of(Instant.parse(last.path("closed").asText()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException | DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
