package dev.warden.engine.eval;

import dev.warden.dsl.schema.FactPath;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The model's answer as response rules see it: its text (with pseudonym tokens still in it),
 * why the model stopped, the served model, its token count when the provider reported one,
 * and path overrides (rule tests).
 */
public record ResponseInput(String text, String finishReason, String servedModel, OptionalInt tokens,
    Map<FactPath, Object> overrides) {
  public ResponseInput {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(servedModel, "servedModel");
    Objects.requireNonNull(tokens, "tokens");
    overrides = Map.copyOf(overrides);
  }
}
