package dev.warden.dsl.diag;

import dev.warden.dsl.source.Span;
import java.util.Objects;
import java.util.Optional;

/**
 * One problem found in a source file: a stable code, a severity, where it is, a message that
 * says what is wrong and, when there is one, a hint that says what to do (e.g. the nearest
 * known name to a typo).
 */
public record Diagnostic(Code code, Severity severity, Span span, String message, Optional<String> hint) {
  public Diagnostic {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(hint, "hint");
  }

  public static Diagnostic of(Code code, Span span, String message) {
    return new Diagnostic(code, code.severity(), span, message, Optional.empty());
  }

  public static Diagnostic of(Code code, Span span, String message, String hint) {
    return new Diagnostic(code, code.severity(), span, message, Optional.ofNullable(hint));
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** The one-line form: {@code path:line:col: error[WDN-T001]: message}. */
  public String headline() {
    return span.position() + ": " + severity.label() + "[" + code.id() + "]: " + message;
  }

  @Override
  public String toString() {
    return headline();
  }
}
