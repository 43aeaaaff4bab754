package dev.warden.engine.eval;

import dev.warden.dsl.schema.FactPath;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The model's answer as response rules see it: its text (with pseudonym tokens still in it),
 * why the model stopped, the served model, its token count when the provider reported one,
 * and path overrides (rule tests).
 *
 * <p>An answer may come in {@code parts} that go back to the caller separately (its text and the
 * string values of its tool-call arguments): the rules see them joined by line breaks as
 * {@code text}, each part is scanned and redacted on its own, and the evaluation gives each part
 * back. A plain answer is one part, its text.
 */
public record ResponseInput(String text, String finishReason, String servedModel, OptionalInt tokens,
    Map<FactPath, Object> overrides, List<String> parts) {
  public ResponseInput {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(servedModel, "servedModel");
    Objects.requireNonNull(tokens, "tokens");
    overrides = Map.copyOf(overrides);
    parts = parts.isEmpty() ? List.of(text) : List.copyOf(parts);
    if (parts.size() > 1 && !String.join("\n", parts).equals(text)) {
      throw new IllegalArgumentException("the text of an answer in parts is its parts joined by line breaks");
    }
  }

  /** An answer of one part. */
  public ResponseInput(String text, String finishReason, String servedModel, OptionalInt tokens,
      Map<FactPath, Object> overrides) {
    this(text, finishReason, servedModel, tokens, overrides, List.of());
  }

  /** An answer in parts, the rules seeing them joined by line breaks. */
  public static ResponseInput ofParts(List<String> parts, String finishReason, String servedModel,
      OptionalInt tokens) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("an answer has at least one part");
    }
    return new ResponseInput(String.join("\n", parts), finishReason, servedModel, tokens, Map.of(), parts);
  }
}
