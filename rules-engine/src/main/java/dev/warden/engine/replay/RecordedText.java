package dev.warden.engine.replay;

import java.util.List;
import java.util.Objects;

/**
 * A text the rules saw ({@code prompt}, {@code system}, an answer) as recorded: its token and
 * message counts and its detections. {@code text} is what the record kept of it (the redacted
 * text at the {@code redacted} log level, the raw text at {@code full}, nothing at
 * {@code metadata}): conditions on the text itself ({@code prompt.text contains ...}) are
 * replayed on that.
 */
public record RecordedText(String text, double tokens, double messages, List<RecordedDetection> detections) {
  public RecordedText {
    Objects.requireNonNull(text, "text");
    detections = List.copyOf(detections);
  }

  public static final RecordedText EMPTY = new RecordedText("", 0, 0, List.of());

  public RecordedText withText(String t) {
    return new RecordedText(t, tokens, messages, detections);
  }
}
