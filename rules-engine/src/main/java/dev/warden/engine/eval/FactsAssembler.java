package dev.warden.engine.eval;

import com.google.re2j.Pattern;
import dev.warden.dsl.model.Enums;
import dev.warden.dsl.schema.FactPath;
import dev.warden.engine.detect.Detection;
import dev.warden.engine.facts.BudgetState;
import dev.warden.engine.facts.Budgets;
import dev.warden.engine.facts.Injection;
import dev.warden.dsl.model.ModelSpec;
import dev.warden.engine.catalog.ModelCatalog;
import dev.warden.engine.facts.Principal;
import dev.warden.engine.facts.RequestFacts;
import dev.warden.engine.facts.RequestInfo;
import dev.warden.engine.facts.ResponseFacts;
import dev.warden.engine.facts.ResponseText;
import dev.warden.engine.facts.Safety;
import dev.warden.engine.facts.TextFacts;
import dev.warden.engine.facts.TimeFacts;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.warden.engine.facts.EntityTypes;

/**
 * Puts the facts of one evaluation together from their parts and applies path overrides
 * ({@code given path = value}), so that every schema path can be set by a test.
 */
final class FactsAssembler {
  private final RequestInput in;
  /** Whether a path was overridden: then the principal and the request are made from the fields below. */
  private boolean overridden;
  private Map<String, Object> principal;
  private List<String> roles;
  private String model;
  private String endpoint;
  private boolean stream;
  private double maxTokens;
  private Map<String, String> tags;
  private double promptTokens;
  private double promptMessages;
  private ModelSpec modelFact;
  private double injectionScore;
  private List<String> injectionSignals;
  private final double[] safety = new double[4];
  private Budgets budgets;
  private double hour;
  private String weekday;
  private double responseTokens;
  private String finishReason = "";
  private double systemOverlap;
  private final ModelCatalog catalog;

  FactsAssembler(RequestInput in, double promptTokens, ModelCatalog catalog, Injection injection, Safety scores) {
    this.in = in;
    model = in.request().model();
    this.promptTokens = promptTokens;
    int written = 0;
    for (ChatMessage m : in.messages()) {
      if (!m.attached()) {
        written++;
      }
    }
    this.promptMessages = written;
    this.catalog = catalog;
    injectionScore = injection.score();
    injectionSignals = injection.signals();
    Safety s = scores;
    safety[0] = s.hate();
    safety[1] = s.violence();
    safety[2] = s.selfHarm();
    safety[3] = s.sexual();
    budgets = in.budgets();
    TimeFacts t = TimeFacts.of(in.now());
    hour = t.hour();
    weekday = t.weekday();
  }

  void response(double tokens, String finishReason, double systemOverlap) {
    this.responseTokens = tokens;
    this.finishReason = finishReason;
    this.systemOverlap = systemOverlap;
  }

  /** The model the {@code model.*} paths describe: asked for (request) or served (response). */
  void model(String name) {
    modelFact = catalog.get(name).orElseGet(() -> ModelSpec.unknown(name));
  }

  /**
   * Applies path overrides. In the request phase {@code request.model} also chooses what
   * {@code model.*} describes; in the response phase {@code model.*} stays the served model.
   */
  @SuppressWarnings("unchecked")
  void override(Map<FactPath, Object> values, Enums.Phase phase) {
    if (values.isEmpty()) {
      return; // a gateway's request: only tests and explain set paths
    }
    if (!overridden) {
      overridden = true;
      Principal p = in.principal();
      principal = new HashMap<>();
      principal.put("key", p.key());
      principal.put("user", p.user());
      principal.put("team", p.team());
      principal.put("tenant", p.tenant());
      principal.put("app", p.app());
      principal.put("region", p.region());
      principal.put("env", p.env());
      roles = p.roles();
      RequestInfo r = in.request();
      endpoint = r.endpoint();
      stream = r.stream();
      maxTokens = r.maxTokens();
      tags = new HashMap<>(r.tags());
    }
    Map<Enums.Scope, double[]> given = new EnumMap<>(Enums.Scope.class);
    Object asked = values.get(FactPath.of(dev.warden.dsl.schema.Field.REQUEST_MODEL));
    if (asked != null) {
      if (phase == Enums.Phase.REQUEST) {
        model((String) asked);
      }
      model = (String) asked;
    }
    for (Map.Entry<FactPath, Object> e : values.entrySet()) {
      FactPath path = e.getKey();
      Object v = e.getValue();
      switch (path.field()) {
        case PRINCIPAL_KEY, PRINCIPAL_USER, PRINCIPAL_TEAM, PRINCIPAL_TENANT, PRINCIPAL_APP, PRINCIPAL_REGION,
            PRINCIPAL_ENV -> principal.put(path.field().pattern().substring("principal.".length()), v);
        case PRINCIPAL_ROLES -> roles = (List<String>) v;
        case REQUEST_MODEL -> { }
        case REQUEST_ENDPOINT -> endpoint = (String) v;
        case REQUEST_STREAM -> stream = (Boolean) v;
        case REQUEST_MAX_TOKENS -> maxTokens = (Double) v;
        case REQUEST_TAG -> tags.put(path.arg().orElseThrow(), (String) v);
        case PROMPT_TOKENS -> promptTokens = (Double) v;
        case PROMPT_MESSAGES -> promptMessages = (Double) v;
        case INJECTION_SCORE -> injectionScore = (Double) v;
        case INJECTION_SIGNALS -> injectionSignals = (List<String>) v;
        case SAFETY_HATE -> safety[0] = (Double) v;
        case SAFETY_VIOLENCE -> safety[1] = (Double) v;
        case SAFETY_SELF_HARM -> safety[2] = (Double) v;
        case SAFETY_SEXUAL -> safety[3] = (Double) v;
        case BUDGET_USED, BUDGET_SPENT, BUDGET_LIMIT, BUDGET_REMAINING -> {
          Enums.Scope scope = Enums.parse(Enums.Scope.class, path.arg().orElseThrow());
          double[] b = given.computeIfAbsent(scope, k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN});
          b[path.field().ordinal() - dev.warden.dsl.schema.Field.BUDGET_USED.ordinal()] = (Double) v;
        }
        case TIME_HOUR -> hour = (Double) v;
        case TIME_WEEKDAY -> weekday = (String) v;
        case RESPONSE_TOKENS -> responseTokens = (Double) v;
        case RESPONSE_FINISH_REASON -> finishReason = (String) v;
        case RESPONSE_SYSTEM_OVERLAP -> systemOverlap = (Double) v;
        case MODEL_NAME, MODEL_PROVIDER, MODEL_REGION, MODEL_TIER, MODEL_TAGS, MODEL_INPUT_PRICE, MODEL_OUTPUT_PRICE,
            MODEL_CONTEXT -> modelOverride(path, v);
        case PROMPT_TEXT, SYSTEM_TEXT, RESPONSE_TEXT -> { } // set through the messages; the checkers refuse it
      }
    }
    if (!given.isEmpty()) {
      Map<Enums.Scope, BudgetState> states = new EnumMap<>(Enums.Scope.class);
      for (Enums.Scope scope : Enums.Scope.values()) {
        states.put(scope, budgets.of(scope));
      }
      given.forEach((scope, b) -> states.put(scope, derive(b[0], b[1], b[2], b[3])));
      budgets = Budgets.of(states);
    }
  }

  /** The limit a test's budget is assumed to have when it gives only some of the values: 100 USD. */
  static final double NOMINAL_LIMIT = 100;

  /**
   * A consistent budget from whichever of used%, spent, limit and remaining a test gives. The
   * limit is taken as given, or derived (spent + remaining, or spent / used%), or else
   * {@link #NOMINAL_LIMIT}; the other values follow from it.
   */
  static BudgetState derive(double used, double spent, double limit, double remaining) {
    if (Double.isNaN(limit)) {
      if (!Double.isNaN(spent) && !Double.isNaN(remaining)) {
        limit = spent + remaining;
      } else if (!Double.isNaN(spent) && !Double.isNaN(used) && used > 0) {
        limit = spent * 100 / used;
      } else {
        limit = NOMINAL_LIMIT;
      }
    }
    if (Double.isNaN(spent)) {
      spent = !Double.isNaN(used) ? limit * used / 100 : !Double.isNaN(remaining) ? limit - remaining : 0;
    }
    if (Double.isNaN(used)) {
      used = limit > 0 ? spent * 100 / limit : (spent > 0 ? Double.POSITIVE_INFINITY : 0);
    }
    if (Double.isNaN(remaining)) {
      remaining = limit - spent;
    }
    return new BudgetState(true, used, spent, limit, remaining);
  }

  @SuppressWarnings("unchecked")
  private void modelOverride(FactPath path, Object v) {
    ModelSpec m = modelFact == null ? ModelSpec.unknown(model) : modelFact;
    modelFact = switch (path.field()) {
      case MODEL_NAME -> new ModelSpec((String) v, m.provider(), m.region(), m.tier(), m.tags(), m.inputPrice(),
          m.outputPrice(), m.context());
      case MODEL_PROVIDER -> new ModelSpec(m.name(), (String) v, m.region(), m.tier(), m.tags(), m.inputPrice(),
          m.outputPrice(), m.context());
      case MODEL_REGION -> new ModelSpec(m.name(), m.provider(), (String) v, m.tier(), m.tags(), m.inputPrice(),
          m.outputPrice(), m.context());
      case MODEL_TIER -> new ModelSpec(m.name(), m.provider(), m.region(), (String) v, m.tags(), m.inputPrice(),
          m.outputPrice(), m.context());
      case MODEL_TAGS -> new ModelSpec(m.name(), m.provider(), m.region(), m.tier(), (List<String>) v, m.inputPrice(),
          m.outputPrice(), m.context());
      case MODEL_INPUT_PRICE -> new ModelSpec(m.name(), m.provider(), m.region(), m.tier(), m.tags(), (Double) v,
          m.outputPrice(), m.context());
      case MODEL_OUTPUT_PRICE -> new ModelSpec(m.name(), m.provider(), m.region(), m.tier(), m.tags(), m.inputPrice(),
          (Double) v, m.context());
      default -> new ModelSpec(m.name(), m.provider(), m.region(), m.tier(), m.tags(), m.inputPrice(),
          m.outputPrice(), ((Double) v).longValue());
    };
  }

  String model() {
    return model;
  }

  RequestInfo requestInfo() {
    return overridden ? new RequestInfo(model, endpoint, stream, maxTokens, tags) : in.request();
  }

  Principal principal() {
    return overridden ? new Principal(s("key"), s("user"), s("team"), s("tenant"), s("app"), s("region"), s("env"),
        new ArrayList<>(roles)) : in.principal();
  }

  private String s(String k) {
    return (String) principal.get(k);
  }

  RequestFacts requestFacts(String promptText, List<Detection> promptDetections, String systemText,
      List<Detection> systemDetections, EntityTypes threshold, Map<String, Pattern> patterns,
      double systemTokens) {
    return new RequestFacts(principal(), requestInfo(),
        new TextFacts(promptText, promptTokens, promptMessages, promptDetections, threshold),
        new TextFacts(systemText, systemTokens, systemDetections.isEmpty() && systemText.isEmpty() ? 0 : 1,
            systemDetections, threshold),
        modelFact(), new Injection(injectionScore, injectionSignals), safety(), budgets(), new TimeFacts(hour, weekday),
        patterns);
  }

  ResponseFacts responseFacts(RequestFacts request, String text, List<Detection> detections,
      EntityTypes threshold, Map<String, Pattern> patterns) {
    return new ResponseFacts(request.getPrincipal(), request.getRequest(), request.getPrompt(), request.getSystem(),
        modelFact(), request.getInjection(), safety(), request.getBudget(), request.getTime(), patterns,
        new ResponseText(text, responseTokens, detections, threshold, finishReason, systemOverlap));
  }

  private ModelSpec modelFact() {
    return modelFact == null ? catalog.get(model).orElseGet(() -> ModelSpec.unknown(model)) : modelFact;
  }

  private Safety safety() {
    return new Safety(safety[0], safety[1], safety[2], safety[3]);
  }

  private Budgets budgets() {
    return budgets;
  }
}
