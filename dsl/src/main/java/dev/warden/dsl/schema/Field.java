package dev.warden.dsl.schema;

import java.util.Optional;

/**
 * Every path of the schema (policy-language.md, "Paths"). A field's {@link #pattern} is how
 * it is written; {@code *} stands for its argument (a budget scope or a tag key).
 */
public enum Field {
  PRINCIPAL_KEY("principal.key", Type.STRING, "the virtual key's id"),
  PRINCIPAL_USER("principal.user", Type.STRING, "the caller's user"),
  PRINCIPAL_TEAM("principal.team", Type.STRING, "the caller's team"),
  PRINCIPAL_TENANT("principal.tenant", Type.STRING, "the caller's tenant"),
  PRINCIPAL_APP("principal.app", Type.STRING, "the calling application"),
  PRINCIPAL_REGION("principal.region", Type.STRING, "the caller's region"),
  PRINCIPAL_ENV("principal.env", Type.STRING, "the caller's environment"),
  PRINCIPAL_ROLES("principal.roles", Type.LIST, "the caller's roles"),
  REQUEST_MODEL("request.model", Type.STRING, "the model asked for"),
  REQUEST_ENDPOINT("request.endpoint", Type.STRING, "chat, embeddings, messages"),
  REQUEST_STREAM("request.stream", Type.BOOL, "whether streaming was asked for"),
  REQUEST_MAX_TOKENS("request.max_tokens", Type.NUMBER, "max_tokens asked for (0 when absent)"),
  REQUEST_TAG("request.tags[*]", Type.STRING, "caller metadata; missing = \"\""),
  PROMPT_TEXT("prompt.text", Type.STRING, "all request messages"),
  PROMPT_TOKENS("prompt.tokens", Type.NUMBER, "tokens in the request messages"),
  PROMPT_MESSAGES("prompt.messages", Type.NUMBER, "number of request messages"),
  SYSTEM_TEXT("system.text", Type.STRING, "the system messages"),
  RESPONSE_TEXT("response.text", Type.STRING, "the model's answer"),
  RESPONSE_TOKENS("response.tokens", Type.NUMBER, "tokens in the answer"),
  RESPONSE_FINISH_REASON("response.finish_reason", Type.STRING, "why the model stopped"),
  RESPONSE_SYSTEM_OVERLAP("response.system_overlap", Type.NUMBER, "share of the system prompt echoed back, 0..1"),
  INJECTION_SCORE("injection.score", Type.NUMBER, "prompt-injection likelihood, 0..1"),
  INJECTION_SIGNALS("injection.signals", Type.LIST, "names of the injection signals that fired"),
  SAFETY_HATE("safety.hate", Type.NUMBER, "hate score, 0..1"),
  SAFETY_VIOLENCE("safety.violence", Type.NUMBER, "violence score, 0..1"),
  SAFETY_SELF_HARM("safety.self_harm", Type.NUMBER, "self-harm score, 0..1"),
  SAFETY_SEXUAL("safety.sexual", Type.NUMBER, "sexual content score, 0..1"),
  BUDGET_USED("budget(*).used", Type.NUMBER, "spend over budget this period, in percent"),
  BUDGET_SPENT("budget(*).spent", Type.NUMBER, "spend this period, USD"),
  BUDGET_LIMIT("budget(*).limit", Type.NUMBER, "the budget, USD"),
  BUDGET_REMAINING("budget(*).remaining", Type.NUMBER, "budget left this period, USD"),
  MODEL_NAME("model.name", Type.STRING, "the model's catalog name"),
  MODEL_PROVIDER("model.provider", Type.STRING, "the model's provider"),
  MODEL_REGION("model.region", Type.STRING, "where the model runs"),
  MODEL_TIER("model.tier", Type.STRING, "the model's cost tier"),
  MODEL_TAGS("model.tags", Type.LIST, "the model's tags"),
  MODEL_INPUT_PRICE("model.input_price", Type.NUMBER, "USD per million input tokens"),
  MODEL_OUTPUT_PRICE("model.output_price", Type.NUMBER, "USD per million output tokens"),
  MODEL_CONTEXT("model.context", Type.NUMBER, "context window in tokens"),
  TIME_HOUR("time.hour", Type.NUMBER, "hour of day, 0..23, in the gateway's zone"),
  TIME_WEEKDAY("time.weekday", Type.STRING, "mon..sun");

  private final String pattern;
  private final Type type;
  private final String meaning;

  Field(String pattern, Type type, String meaning) {
    this.pattern = pattern;
    this.type = type;
    this.meaning = meaning;
  }

  public String pattern() {
    return pattern;
  }

  public Type type() {
    return type;
  }

  public String meaning() {
    return meaning;
  }

  /** The first segment: principal, request, prompt, budget, ... */
  public String root() {
    int dot = pattern.indexOf('.');
    int paren = pattern.indexOf('(');
    int bracket = pattern.indexOf('[');
    int end = pattern.length();
    for (int i : new int[] {dot, paren, bracket}) {
      if (i >= 0) {
        end = Math.min(end, i);
      }
    }
    return pattern.substring(0, end);
  }

  /** Only defined when a response is being checked. */
  public boolean responseOnly() {
    return root().equals("response");
  }

  public boolean isBudget() {
    return root().equals("budget");
  }

  public boolean isModel() {
    return root().equals("model");
  }

  /** The field written exactly as {@code text} (no argument), if any. */
  public static Optional<Field> ofPattern(String text) {
    for (Field f : values()) {
      if (f.pattern.equals(text)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
