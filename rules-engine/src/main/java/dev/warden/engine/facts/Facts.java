package dev.warden.engine.facts;

import dev.warden.dsl.model.ModelSpec;
import com.google.re2j.Pattern;
import dev.warden.dsl.model.Enums;
import dev.warden.dsl.schema.FactPath;
import dev.warden.dsl.text.Fold;
import java.util.Map;
import java.util.Objects;

/**
 * Everything request rules can test, as one object per evaluation: rules are single patterns
 * over it. Subclassed by {@link RequestFacts} and {@link ResponseFacts} so that request and
 * response rules match only their own phase.
 */
public abstract sealed class Facts permits RequestFacts, ResponseFacts {
  private final Principal principal;
  private final RequestInfo request;
  private final TextFacts prompt;
  private final TextFacts system;
  private final ModelSpec model;
  private final Injection injection;
  private final Safety safety;
  private final Budgets budget;
  private final TimeFacts time;
  private final Map<String, Pattern> patterns;

  protected Facts(Principal principal, RequestInfo request, TextFacts prompt, TextFacts system, ModelSpec model,
      Injection injection, Safety safety, Budgets budget, TimeFacts time, Map<String, Pattern> patterns) {
    this.principal = Objects.requireNonNull(principal, "principal");
    this.request = Objects.requireNonNull(request, "request");
    this.prompt = Objects.requireNonNull(prompt, "prompt");
    this.system = Objects.requireNonNull(system, "system");
    this.model = Objects.requireNonNull(model, "model");
    this.injection = Objects.requireNonNull(injection, "injection");
    this.safety = Objects.requireNonNull(safety, "safety");
    this.budget = Objects.requireNonNull(budget, "budget");
    this.time = Objects.requireNonNull(time, "time");
    this.patterns = Objects.requireNonNull(patterns, "patterns");
  }

  public Principal getPrincipal() {
    return principal;
  }

  public RequestInfo getRequest() {
    return request;
  }

  public TextFacts getPrompt() {
    return prompt;
  }

  public TextFacts getSystem() {
    return system;
  }

  public ModelSpec getModel() {
    return model;
  }

  public Injection getInjection() {
    return injection;
  }

  public Safety getSafety() {
    return safety;
  }

  public Budgets getBudget() {
    return budget;
  }

  public TimeFacts getTime() {
    return time;
  }

  /** {@code value matches /re/}: an RE2 pattern compiled when the snapshot was built, found anywhere in value. */
  public boolean regexFind(String value, String pattern) {
    Pattern p = patterns.get(pattern);
    if (p == null) {
      throw new IllegalStateException("pattern not compiled with the snapshot: " + pattern);
    }
    return p.matcher(value).find();
  }

  /** {@code value contains "x"} for strings other than the message texts, x already folded. */
  public boolean textContainsFolded(String value, String foldedNeedle) {
    return Fold.fold(value).contains(foldedNeedle);
  }

  /** {@code value contains other}, both folded here. */
  public boolean textContains(String value, String needle) {
    return Fold.fold(value).contains(Fold.fold(needle));
  }

  /**
   * Reads a fact by its schema path, for message interpolation and explanations: a String,
   * Double, Boolean or List of String, or null for a budget that is not set.
   */
  public Object read(FactPath path) {
    return switch (path.field()) {
      case PRINCIPAL_KEY -> principal.key();
      case PRINCIPAL_USER -> principal.user();
      case PRINCIPAL_TEAM -> principal.team();
      case PRINCIPAL_TENANT -> principal.tenant();
      case PRINCIPAL_APP -> principal.app();
      case PRINCIPAL_REGION -> principal.region();
      case PRINCIPAL_ENV -> principal.env();
      case PRINCIPAL_ROLES -> principal.roles();
      case REQUEST_MODEL -> request.model();
      case REQUEST_ENDPOINT -> request.endpoint();
      case REQUEST_STREAM -> request.stream();
      case REQUEST_MAX_TOKENS -> request.maxTokens();
      case REQUEST_TAG -> request.tag(path.arg().orElseThrow());
      case PROMPT_TEXT -> prompt.getText();
      case PROMPT_TOKENS -> prompt.getTokens();
      case PROMPT_MESSAGES -> prompt.getMessages();
      case SYSTEM_TEXT -> system.getText();
      case INJECTION_SCORE -> injection.score();
      case INJECTION_SIGNALS -> injection.signals();
      case SAFETY_HATE -> safety.hate();
      case SAFETY_VIOLENCE -> safety.violence();
      case SAFETY_SELF_HARM -> safety.selfHarm();
      case SAFETY_SEXUAL -> safety.sexual();
      case BUDGET_USED, BUDGET_SPENT, BUDGET_LIMIT, BUDGET_REMAINING -> {
        BudgetState b = budget.of(Enums.parse(Enums.Scope.class, path.arg().orElseThrow()));
        if (!b.set()) {
          yield null;
        }
        yield switch (path.field()) {
          case BUDGET_USED -> b.used();
          case BUDGET_SPENT -> b.spent();
          case BUDGET_LIMIT -> b.limit();
          default -> b.remaining();
        };
      }
      case MODEL_NAME -> model.name();
      case MODEL_PROVIDER -> model.provider();
      case MODEL_REGION -> model.region();
      case MODEL_TIER -> model.tier();
      case MODEL_TAGS -> model.tags();
      case MODEL_INPUT_PRICE -> model.inputPrice();
      case MODEL_OUTPUT_PRICE -> model.outputPrice();
      case MODEL_CONTEXT -> model.context();
      case TIME_HOUR -> time.hour();
      case TIME_WEEKDAY -> time.weekday();
      case RESPONSE_TEXT, RESPONSE_TOKENS, RESPONSE_FINISH_REASON, RESPONSE_SYSTEM_OVERLAP -> readResponse(path);
    };
  }

  /** Response paths; only response facts have them. */
  protected Object readResponse(FactPath path) {
    throw new IllegalStateException(path.text() + " is only known in response rules");
  }
}
