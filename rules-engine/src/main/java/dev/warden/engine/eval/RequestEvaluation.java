package dev.warden.engine.eval;

import dev.warden.engine.detect.Detection;
import dev.warden.engine.facts.RequestFacts;
import dev.warden.engine.redact.Pseudonyms;
import dev.warden.engine.redact.Redactor;
import dev.warden.engine.snapshot.PolicySnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of the request rules: the decision, the facts it was made on, what was detected
 * in each message, the messages as they may be sent (redacted), what was rewritten, and the
 * pseudonym vault the answer's tokens are restored from, and where the time went. Keeps the snapshot it was evaluated
 * with, so the response is checked by the same rules.
 */
public record RequestEvaluation(PolicySnapshot snapshot, RequestInput input, RequestFacts facts, Decision decision,
    List<List<Detection>> detections, List<ChatMessage> redactedMessages, List<List<Redactor.Applied>> applied,
    Pseudonyms pseudonyms, Timings timings) {
  public RequestEvaluation {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(facts, "facts");
    Objects.requireNonNull(decision, "decision");
    detections = copies(detections);
    redactedMessages = List.copyOf(redactedMessages);
    applied = copies(applied);
    Objects.requireNonNull(pseudonyms, "pseudonyms");
    Objects.requireNonNull(timings, "timings");
  }

  /** An immutable copy of each list, in an immutable list. */
  private static <T> List<List<T>> copies(List<List<T>> lists) {
    List<List<T>> out = new ArrayList<>(lists.size());
    for (List<T> l : lists) {
      out.add(List.copyOf(l));
    }
    return List.copyOf(out);
  }

  /** An evaluation whose time was not measured. */
  public RequestEvaluation(PolicySnapshot snapshot, RequestInput input, RequestFacts facts, Decision decision,
      List<List<Detection>> detections, List<ChatMessage> redactedMessages, List<List<Redactor.Applied>> applied,
      Pseudonyms pseudonyms) {
    this(snapshot, input, facts, decision, detections, redactedMessages, applied, pseudonyms, Timings.NONE);
  }

  /** The redacted prompt as one text: the messages joined by newlines, as {@code prompt.text} is. */
  public String redactedPrompt() {
    return String.join("\n", redactedMessages.stream().map(ChatMessage::content).toList());
  }
}
