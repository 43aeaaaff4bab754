package dev.warden.engine.facts;

import dev.warden.engine.detect.Detection;
import java.util.List;
import java.util.Objects;

/** The model's answer: a text with detections, plus why the model stopped and how much of the system prompt it echoed (not final: a replay rebuilds it from a record). */
public class ResponseText extends TextFacts {
  private final String finishReason;
  private final double systemOverlap;

  public ResponseText(String text, double tokens, List<Detection> detections, EntityTypes types,
      String finishReason, double systemOverlap) {
    super(text, tokens, 1, detections, types);
    this.finishReason = Objects.requireNonNull(finishReason, "finishReason");
    this.systemOverlap = systemOverlap;
  }

  public String getFinishReason() {
    return finishReason;
  }

  public double getSystemOverlap() {
    return systemOverlap;
  }
}
