package dev.warden.engine.facts;

import dev.warden.dsl.model.ModelSpec;
import com.google.re2j.Pattern;
import java.util.Map;

/** The facts request rules are evaluated on. */
public final class RequestFacts extends Facts {
  public RequestFacts(Principal principal, RequestInfo request, TextFacts prompt, TextFacts system, ModelSpec model,
      Injection injection, Safety safety, Budgets budget, TimeFacts time, Map<String, Pattern> patterns) {
    super(principal, request, prompt, system, model, injection, safety, budget, time, patterns);
  }
}
