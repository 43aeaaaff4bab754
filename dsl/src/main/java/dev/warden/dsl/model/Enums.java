package dev.warden.dsl.model;

/** Holder of the small closed vocabularies of the checked program. */
public final class Enums {
  private Enums() {}

  /** Which pass evaluates a rule. */
  public enum Phase { REQUEST, RESPONSE }

  /** Enforced, or only evaluated and recorded as "would have". */
  public enum Mode { ENFORCE, MONITOR }

  /** Which text an entity condition looks at. */
  public enum Target { PROMPT, SYSTEM, RESPONSE }

  /** How a detected entity is rewritten. */
  public enum RedactOp { REPLACE, PARTIAL, MASK, HASH, PSEUDONYMIZE }

  /** How route candidates are ordered. */
  public enum Prefer { CHEAPEST, FASTEST }

  /** Whose budget or limit. */
  public enum Scope { KEY, USER, TEAM, TENANT, APP }

  /** What a limit counts. */
  public enum LimitUnit { REQUESTS, TOKENS }

  /** The window of a limit. */
  public enum Per { MINUTE, HOUR, DAY }

  /** How much of a request the audit log keeps; ordered from least to most. */
  public enum LogLevel { METADATA, REDACTED, FULL }

  /** The check a custom entity's matches must pass. */
  public enum Validator { NONE, LUHN, IBAN }

  /** The lower-case word for an enum constant, as written in policies. */
  public static String word(Enum<?> e) {
    return e.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The constant of {@code type} written as {@code word}. */
  public static <E extends Enum<E>> E parse(Class<E> type, String word) {
    return Enum.valueOf(type, word.toUpperCase(java.util.Locale.ROOT));
  }
}
