package dev.warden.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * How a segment file ends, read when the writer starts again: the last complete line's hash and
 * type, the last record's sequence number, how many records it holds, whether it was sealed and
 * whether its last line is torn (cut by a crash). Reads the file once, parsing only the header
 * and the last complete line.
 */
record SegmentTail(long number, String lastHash, long lastSeq, long records, boolean sealed, boolean torn,
    long completeBytes, Optional<Instant> closed) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static SegmentTail read(Segments.Segment s) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(s.path())) {
      bytes = in.readAllBytes();
    }
    long lines = 0;
    int lastStart = -1;
    int lastEnd = -1;
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        lines++;
        lastStart = start;
        lastEnd = i;
        start = i + 1;
      }
    }
    boolean torn = start < bytes.length;
    if (lastStart < 0) {
      throw new IOException(s.path() + " has no complete line (not even its header)");
    }
    ObjectNode last = parse(s.path(), bytes, lastStart, lastEnd);
    String type = last.path("type").asText();
    boolean sealed = type.equals("seal");
    long lastSeq;
    long records;
    if (sealed) {
      lastSeq = last.path("last_seq").asLong();
      records = last.path("records").asLong();
    } else if (type.equals("segment")) {
      lastSeq = last.path("next_seq").asLong() - 1;
      records = 0;
    } else {
      lastSeq = last.path("seq").asLong();
      records = lines - 1;
    }
    Optional<Instant> closed = sealed ? Optional.of(Instant.parse(last.path("closed").asText())) : Optional.empty();
    return new SegmentTail(s.number(), last.path("hash").asText(), lastSeq, records, sealed, torn, lastEnd + 1L, closed);
  }

  private static ObjectNode parse(Path file, byte[] bytes, int from, int to) throws IOException {
    JsonNode n = JSON.readTree(bytes, from, to - from);
    if (!(n instanceof ObjectNode o) || !o.path("hash").isTextual()) {
      throw new IOException(file + ": its last complete line is not an audit line");
    }
    return o;
  }
}
