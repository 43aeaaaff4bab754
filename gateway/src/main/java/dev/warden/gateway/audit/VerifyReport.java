package dev.warden.gateway.audit;

import java.util.List;
import java.util.Objects;

/**
 * What {@code warden audit verify} found: the problems (tampering: an edited, deleted, inserted
 * or reordered record, a missing or replaced segment, a seal that does not verify), each at a
 * file and line, the first one first; notes that are not tampering (where the log starts, a
 * torn last line from a crash, a segment still being written, seals not checked); and counts.
 */
public record VerifyReport(List<Finding> problems, List<Finding> notes, int segments, long records, int sealsChecked,
    long firstSeq, long lastSeq) {
  public VerifyReport {
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
  }

  /** One finding: the file, the 1-based line (0: the file as a whole), a kind and what it means. */
  public record Finding(String file, long line, String kind, String message) {
    public Finding {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
    }

    /** {@code file:line: kind: message}, like a compiler's diagnostic. */
    public String render() {
      return file + (line > 0 ? ":" + line : "") + ": " + kind + ": " + message;
    }
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
