package dev.warden.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A record as it was written to the local log: its sequence number, its segment and the exact
 * line (without the newline). Exporters receive these; {@link #record()} parses the line on the
 * exporter's own thread, when it needs the members, so the writer never does.
 */
public final class Written {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final long seq;
  private final long segment;
  private final String line;
  private volatile ObjectNode parsed;

  public Written(long seq, long segment, String line) {
    this.seq = seq;
    this.segment = segment;
    this.line = Objects.requireNonNull(line, "line");
  }

  public long seq() {
    return seq;
  }

  public long segment() {
    return segment;
  }

  public String line() {
    return line;
  }

  /** The record's JSON (hash included), parsed once; do not change it. */
  public ObjectNode record() {
    ObjectNode p = parsed;
    if (p == null) {
      try {
        p = (ObjectNode) JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("an audit line the log wrote does not parse", e);
      }
      parsed = p;
    }
    return p;
  }
}
