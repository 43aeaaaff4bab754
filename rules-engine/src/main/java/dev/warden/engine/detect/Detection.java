package dev.warden.engine.detect;

import java.util.Objects;

/**
 * One entity found in a text: its type, the char range [start, end) in the text that was
 * scanned, a confidence score in 0..1 and the detector that found it. The raw value is not
 * kept here; it is read from the text only when redacting.
 */
public record Detection(String type, int start, int end, double score, String detector) {
  public Detection {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(detector, "detector");
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("bad range " + start + ".." + end);
    }
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score out of range: " + score);
    }
  }

  public int length() {
    return end - start;
  }

  public boolean overlaps(Detection o) {
    return start < o.end && o.start < end;
  }

  /** The same detection moved by {@code delta} chars, e.g. into a concatenated text. */
  public Detection shifted(int delta) {
    return new Detection(type, start + delta, end + delta, score, detector);
  }
}
