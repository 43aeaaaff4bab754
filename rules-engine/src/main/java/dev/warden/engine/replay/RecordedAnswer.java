package dev.warden.engine.replay;

import dev.warden.engine.facts.Safety;
import java.util.Objects;

/** What the response rules saw of an answer: the model that served it, the text facts, why it stopped, the overlap with the system prompt and the answer's safety scores. */
public record RecordedAnswer(String servedModel, RecordedText text, String finishReason, double systemOverlap,
    Safety safety) {
  public RecordedAnswer {
    Objects.requireNonNull(servedModel, "servedModel");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(safety, "safety");
  }
}
