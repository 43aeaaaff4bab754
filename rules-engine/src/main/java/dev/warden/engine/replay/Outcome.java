package dev.warden.engine.replay;

import dev.warden.dsl.model.Enums;
import dev.warden.engine.eval.Decision;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a decision came to, in the terms a replay compares: blocked (by which rule, with which
 * status) or not, the model chosen and the rule that chose it, the redactions (entity type to
 * operator, with the rule) of the prompt and of the answer, and every rule that fired
 * (monitor rules included).
 */
public record Outcome(Optional<Block> block, Optional<String> model, String routedBy, Map<String, Redaction> prompt,
    Map<String, Redaction> answer, Set<String> fired) {
  public Outcome {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(routedBy, "routedBy");
    prompt = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(prompt));
    answer = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(answer));
    fired = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(fired));
  }

  /** A block: the rule ({@code routing} when no model satisfied the constraints) and the status. */
  public record Block(String rule, int status) {}

  /** An entity type's operator ({@code replace}, {@code mask}, ...) and the rule that chose it. */
  public record Redaction(String op, String rule) {}

  public boolean blocked() {
    return block.isPresent();
  }

  /** The outcome of a request decision and, if the answer was checked, the response decision. */
  public static Outcome of(Decision request, Optional<Decision> response) {
    Optional<Block> block = request.block().map(b -> new Block(b.rule(), b.status()))
        .or(() -> response.flatMap(Decision::block).map(b -> new Block(b.rule(), b.status())));
    Set<String> fired = new LinkedHashSet<>();
    request.trace().forEach(t -> fired.add(t.rule()));
    response.ifPresent(r -> r.trace().forEach(t -> fired.add(t.rule())));
    Decision.Routing routing = request.routing();
    String routedBy = routing.routedBy().orElse(String.join(", ", routing.constrainedBy()));
    return new Outcome(block, request.block().isPresent() ? Optional.empty() : routing.chosen(), routedBy,
        redactions(request), response.map(Outcome::redactions).orElse(Map.of()), fired);
  }

  private static Map<String, Redaction> redactions(Decision d) {
    Map<String, Redaction> out = new LinkedHashMap<>();
    d.redactions().forEach((type, r) -> out.put(type, new Redaction(Enums.word(r.op()), r.rule())));
    return out;
  }
}
