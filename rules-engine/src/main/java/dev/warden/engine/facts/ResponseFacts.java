package dev.warden.engine.facts;

import dev.warden.dsl.model.ModelSpec;
import com.google.re2j.Pattern;
import dev.warden.dsl.schema.FactPath;
import java.util.Map;
import java.util.Objects;

/** The facts response rules are evaluated on: the request's facts, the serving model, and the answer. */
public final class ResponseFacts extends Facts {
  private final ResponseText response;

  public ResponseFacts(Principal principal, RequestInfo request, TextFacts prompt, TextFacts system, ModelSpec model,
      Injection injection, Safety safety, Budgets budget, TimeFacts time, Map<String, Pattern> patterns,
      ResponseText response) {
    super(principal, request, prompt, system, model, injection, safety, budget, time, patterns);
    this.response = Objects.requireNonNull(response, "response");
  }

  public ResponseText getResponse() {
    return response;
  }

  @Override
  protected Object readResponse(FactPath path) {
    return switch (path.field()) {
      case RESPONSE_TEXT -> response.getText();
      case RESPONSE_TOKENS -> response.getTokens();
      case RESPONSE_FINISH_REASON -> response.getFinishReason();
      case RESPONSE_SYSTEM_OVERLAP -> response.getSystemOverlap();
      default -> throw new IllegalArgumentException(path.text());
    };
  }
}
