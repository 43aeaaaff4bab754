package dev.warden.dsl.emit;

import dev.warden.dsl.schema.FactPath;
import dev.warden.dsl.schema.Field;

/**
 * How each schema path is read in DRL: a property path on the facts object (or, for
 * {@code model.*} inside {@code route where}, on the candidate). This is the contract between
 * the emitter and the rules-engine's fact classes.
 */
public final class Accessors {
  private Accessors() {}

  /** The DRL expression reading {@code path} from the facts object. */
  public static String of(FactPath path) {
    return switch (path.field()) {
      case PRINCIPAL_KEY -> "principal.key";
      case PRINCIPAL_USER -> "principal.user";
      case PRINCIPAL_TEAM -> "principal.team";
      case PRINCIPAL_TENANT -> "principal.tenant";
      case PRINCIPAL_APP -> "principal.app";
      case PRINCIPAL_REGION -> "principal.region";
      case PRINCIPAL_ENV -> "principal.env";
      case PRINCIPAL_ROLES -> "principal.roles";
      case REQUEST_MODEL -> "request.model";
      case REQUEST_ENDPOINT -> "request.endpoint";
      case REQUEST_STREAM -> "request.stream";
      case REQUEST_MAX_TOKENS -> "request.maxTokens";
      case REQUEST_TAG -> "request.tag(" + Drl.quote(path.arg().orElseThrow()) + ")";
      case PROMPT_TEXT -> "prompt.text";
      case PROMPT_TOKENS -> "prompt.tokens";
      case PROMPT_MESSAGES -> "prompt.messages";
      case SYSTEM_TEXT -> "system.text";
      case RESPONSE_TEXT -> "response.text";
      case RESPONSE_TOKENS -> "response.tokens";
      case RESPONSE_FINISH_REASON -> "response.finishReason";
      case RESPONSE_SYSTEM_OVERLAP -> "response.systemOverlap";
      case INJECTION_SCORE -> "injection.score";
      case INJECTION_SIGNALS -> "injection.signals";
      case SAFETY_HATE -> "safety.hate";
      case SAFETY_VIOLENCE -> "safety.violence";
      case SAFETY_SELF_HARM -> "safety.selfHarm";
      case SAFETY_SEXUAL -> "safety.sexual";
      case BUDGET_USED -> budget(path) + ".used";
      case BUDGET_SPENT -> budget(path) + ".spent";
      case BUDGET_LIMIT -> budget(path) + ".limit";
      case BUDGET_REMAINING -> budget(path) + ".remaining";
      case MODEL_NAME, MODEL_PROVIDER, MODEL_REGION, MODEL_TIER, MODEL_TAGS, MODEL_INPUT_PRICE, MODEL_OUTPUT_PRICE,
          MODEL_CONTEXT -> "model." + ofCandidate(path.field());
      case TIME_HOUR -> "time.hour";
      case TIME_WEEKDAY -> "time.weekday";
    };
  }

  /** The property of a candidate model for a {@code model.*} field. */
  public static String ofCandidate(Field f) {
    return switch (f) {
      case MODEL_NAME -> "name";
      case MODEL_PROVIDER -> "provider";
      case MODEL_REGION -> "region";
      case MODEL_TIER -> "tier";
      case MODEL_TAGS -> "tags";
      case MODEL_INPUT_PRICE -> "inputPrice";
      case MODEL_OUTPUT_PRICE -> "outputPrice";
      case MODEL_CONTEXT -> "context";
      default -> throw new IllegalArgumentException(f + " is not a model field");
    };
  }

  /** For budget paths: the expression that is true when a budget is set for the scope. */
  public static String budgetGuard(FactPath path) {
    return budget(path) + ".set";
  }

  private static String budget(FactPath path) {
    return "budget." + path.arg().orElseThrow();
  }
}
