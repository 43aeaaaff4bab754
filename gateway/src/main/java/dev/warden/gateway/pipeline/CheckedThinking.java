package dev.warden.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.engine.eval.ResponseEvaluation;
import dev.warden.engine.eval.ResponseInput;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * An Anthropic model's thinking blocks when answers are checked. Thinking is model output, so the
 * response rules read it like the answer, each block on its own; but it is signed, and Anthropic
 * refuses a changed block when the client sends it back, so it cannot be redacted. The blocks go
 * to the caller only when the rules let every one of them through unchanged (nothing redacted,
 * no pseudonym to restore, no block); else all are withheld (a later turn needs them all or
 * none) and the caller is warned. A {@code redacted_thinking} block is encrypted: nobody can read
 * it, the caller included, so it passes. Pure.
 */
final class CheckedThinking {
  private CheckedThinking() {}

  /**
   * Whether {@code blocks} may go to the caller.
   *
   * @param check the response rules on one text (ChatPipeline's, which knows fail open or closed)
   */
  static boolean passes(JsonNode blocks, String finishReason, String model,
      Function<ResponseInput, ResponseEvaluation> check) {
    for (JsonNode block : blocks) {
      if (block.path("type").asText().equals("redacted_thinking")) {
        continue;
      }
      String text = block.path("thinking").asText("");
      ResponseEvaluation e = check.apply(new ResponseInput(text, finishReason, model, OptionalInt.empty(), Map.of()));
      if (e.decision().block().isPresent() || !e.toCaller().equals(text)) {
        return false;
      }
    }
    return true;
  }
}
