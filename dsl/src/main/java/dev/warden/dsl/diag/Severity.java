package dev.warden.dsl.diag;

/** How bad a diagnostic is: errors stop a pack from loading, warnings do not. */
public enum Severity {
  ERROR,
  WARNING;

  /** The word used in printed diagnostics. */
  public String label() {
    return this == ERROR ? "error" : "warning";
  }
}
