package dev.warden.dsl.diag;

/**
 * Every diagnostic code Warden can print. Codes are stable and never reused: P for parsing,
 * T for names and types, R for regular expressions, A for analysis, E for loading and
 * building. The reference (docs/policy-language.md) lists them.
 */
public enum Code {
  // parse
  P001("WDN-P001", Severity.ERROR, "syntax error"),
  P002("WDN-P002", Severity.ERROR, "unterminated string"),
  P003("WDN-P003", Severity.ERROR, "unterminated regular expression"),
  P004("WDN-P004", Severity.ERROR, "invalid escape in a string"),
  P005("WDN-P005", Severity.ERROR, "file too large"),
  P006("WDN-P006", Severity.ERROR, "nesting too deep"),
  P007("WDN-P007", Severity.ERROR, "too many errors"),
  P008("WDN-P008", Severity.ERROR, "empty file"),
  P009("WDN-P009", Severity.ERROR, "not a text file"),
  P010("WDN-P010", Severity.ERROR, "clause given twice"),
  P011("WDN-P011", Severity.ERROR, "invalid number"),
  P012("WDN-P012", Severity.ERROR, "invalid interpolation"),
  // names and types
  T001("WDN-T001", Severity.ERROR, "unknown path"),
  T002("WDN-T002", Severity.ERROR, "types do not match"),
  T003("WDN-T003", Severity.ERROR, "operator does not apply"),
  T004("WDN-T004", Severity.ERROR, "unknown entity type"),
  T005("WDN-T005", Severity.ERROR, "unknown list"),
  T006("WDN-T006", Severity.ERROR, "unknown name in a group"),
  T007("WDN-T007", Severity.ERROR, "response data in a request rule"),
  T008("WDN-T008", Severity.ERROR, "unknown option"),
  T009("WDN-T009", Severity.ERROR, "status out of range"),
  T010("WDN-T010", Severity.ERROR, "number out of range"),
  T011("WDN-T011", Severity.ERROR, "built-in name redefined"),
  T012("WDN-T012", Severity.ERROR, "name declared twice"),
  T013("WDN-T013", Severity.ERROR, "action not allowed on response"),
  T014("WDN-T014", Severity.ERROR, "inconsistent pack header"),
  T015("WDN-T015", Severity.ERROR, "score test outside an entity condition"),
  T016("WDN-T016", Severity.ERROR, "entity without pattern or terms"),
  T017("WDN-T017", Severity.ERROR, "not a condition"),
  T018("WDN-T018", Severity.ERROR, "invalid pack name or version"),
  T019("WDN-T019", Severity.ERROR, "unknown pack"),
  T020("WDN-T020", Severity.ERROR, "unknown model property"),
  T021("WDN-T021", Severity.ERROR, "unknown rule"),
  T022("WDN-T022", Severity.ERROR, "value cannot be given"),
  T023("WDN-T023", Severity.ERROR, "model declared twice"),
  T024("WDN-T024", Severity.ERROR, "invalid rule id"),
  T025("WDN-T025", Severity.ERROR, "group refers to itself"),
  // regular expressions
  R001("WDN-R001", Severity.ERROR, "pattern is not linear-time"),
  R002("WDN-R002", Severity.ERROR, "invalid pattern"),
  R003("WDN-R003", Severity.ERROR, "unknown pattern flag"),
  // analysis
  A001("WDN-A001", Severity.WARNING, "unused entity"),
  A002("WDN-A002", Severity.WARNING, "unused list"),
  A003("WDN-A003", Severity.WARNING, "unused group"),
  A004("WDN-A004", Severity.ERROR, "duplicate rule id"),
  A005("WDN-A005", Severity.WARNING, "model not in the catalog"),
  A006("WDN-A006", Severity.WARNING, "equal-priority rules route differently"),
  A007("WDN-A007", Severity.WARNING, "condition can never hold"),
  A008("WDN-A008", Severity.WARNING, "rule has no action"),
  A009("WDN-A009", Severity.WARNING, "header differs from folder"),
  A010("WDN-A010", Severity.WARNING, "no detector for entity type"),
  A011("WDN-A011", Severity.WARNING, "unknown injection signal"),
  // loading and building
  E001("WDN-E001", Severity.ERROR, "rule engine rejected the compiled rule"),
  E002("WDN-E002", Severity.ERROR, "cannot read file"),
  E003("WDN-E003", Severity.ERROR, "no policy files"),
  E004("WDN-E004", Severity.ERROR, "conflicting entity definitions");

  private final String id;
  private final Severity severity;
  private final String title;

  Code(String id, Severity severity, String title) {
    this.id = id;
    this.severity = severity;
    this.title = title;
  }

  /** The printed code, e.g. {@code WDN-T001}. */
  public String id() {
    return id;
  }

  public Severity severity() {
    return severity;
  }

  /** A few words naming the problem, for the reference table. */
  public String title() {
    return title;
  }
}
