package dev.warden.engine.replay;

import dev.warden.engine.detect.Detection;
import java.util.List;
import java.util.Objects;

/**
 * A detection as an audit record keeps it: type, offsets, score and detector, never the value;
 * and the packs whose allow-lists let that value through (computed while the value was still
 * known), so a replay applies those packs' allow-lists without the raw text.
 */
public record RecordedDetection(String type, int start, int end, double score, String detector,
    List<String> allowedBy) {
  public RecordedDetection {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(detector, "detector");
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("a detection's range must be 0 <= start < end; got " + start + ".." + end);
    }
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("a detection's score must be 0..1; got " + score);
    }
    allowedBy = List.copyOf(allowedBy);
  }

  public Detection detection() {
    return new Detection(type, start, end, score, detector);
  }
}
