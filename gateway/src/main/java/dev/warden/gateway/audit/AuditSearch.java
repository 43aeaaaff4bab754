package dev.warden.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds audit records in a log folder, newest first: segments are read from the last back,
 * skipping those wholly outside the time range, and a line is parsed only when the texts the
 * filter names occur in it. Lines that are not valid records are skipped here ({@code warden
 * audit verify} is where they are reported).
 */
public final class AuditSearch {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditSearch() {}

  /** One record found, with where it is. */
  public record Hit(ObjectNode record, Path file, long line) {}

  /** The records found (newest first), whether the limit cut the search short, and how many lines were looked at. */
  public record Result(List<Hit> hits, boolean truncated, long scanned) {
    public Result {
      hits = List.copyOf(hits);
    }
  }

  public static Result search(Path dir, AuditFilter f) throws IOException {
    List<Segments.Segment> segments = new ArrayList<>(Segments.list(dir));
    java.util.Collections.reverse(segments);
    List<Hit> hits = new ArrayList<>();
    long scanned = 0;
    for (Segments.Segment s : segments) {
      List<String> lines = new ArrayList<>();
      try {
        if (f.from().isPresent()) {
          Optional<Instant> closed = Retention.closedAt(s.path());
          if (closed.isPresent() && closed.get().isBefore(f.from().get())) {
            break;
          }
        }
        try (BufferedReader in = Files.newBufferedReader(s.path(), StandardCharsets.UTF_8)) {
          String l;
          while ((l = in.readLine()) != null) {
            lines.add(l);
          }
        }
      } catch (java.nio.charset.MalformedInputException e) {
        continue;
      } catch (NoSuchFileException | FileNotFoundException e) {
        // deleted since it was listed (retention removes the oldest segments): nothing left to find there
        continue;
      }
      if (f.to().isPresent() && !lines.isEmpty() && createdAfter(lines.getFirst(), f.to().get())) {
        continue;
      }
      for (int i = lines.size() - 1; i >= 1; i--) {
        scanned++;
        String line = lines.get(i);
        if (!f.mayMatch(line)) {
          continue;
        }
        JsonNode n;
        try {
          n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          continue;
        }
        if (n instanceof ObjectNode o && f.matches(o)) {
          if (hits.size() == f.limit()) {
            return new Result(hits, true, scanned);
          }
          hits.add(new Hit(o, s.path(), i + 1L));
        }
      }
    }
    return new Result(hits, false, scanned);
  }

  private static boolean createdAfter(String header, Instant to) {
    try {
      JsonNode h = JSON.readTree(header);
      return !Instant.parse(h.path("created").asText()).isBefore(to);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
