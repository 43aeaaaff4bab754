package dev.warden.engine.eval;

import dev.warden.engine.detect.Detection;
import dev.warden.engine.facts.ResponseFacts;
import dev.warden.engine.redact.Redactor;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of the response rules: the decision, the facts, the detections in the answer,
 * what was rewritten, and the answer the caller receives (redacted, then pseudonyms restored),
 * whole and, for an answer given in parts ({@link ResponseInput#parts()}), part by part; and
 * where the time went.
 */
public record ResponseEvaluation(Decision decision, ResponseFacts facts, List<Detection> detections,
    List<Redactor.Applied> applied, String toCaller, List<String> partsToCaller, Timings timings) {
  public ResponseEvaluation {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(facts, "facts");
    detections = List.copyOf(detections);
    applied = List.copyOf(applied);
    Objects.requireNonNull(toCaller, "toCaller");
    partsToCaller = partsToCaller.isEmpty() ? List.of(toCaller) : List.copyOf(partsToCaller);
    Objects.requireNonNull(timings, "timings");
  }

  /** An evaluation whose time was not measured. */
  public ResponseEvaluation(Decision decision, ResponseFacts facts, List<Detection> detections,
      List<Redactor.Applied> applied, String toCaller, List<String> partsToCaller) {
    this(decision, facts, detections, applied, toCaller, partsToCaller, Timings.NONE);
  }

  /** The evaluation of an answer of one part. */
  public ResponseEvaluation(Decision decision, ResponseFacts facts, List<Detection> detections,
      List<Redactor.Applied> applied, String toCaller) {
    this(decision, facts, detections, applied, toCaller, List.of());
  }
}
