package dev.warden.dsl.parse;

import dev.warden.dsl.diag.Diagnostic;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A parsed file, or the reasons there is none; never an exception. */
public record ParseResult<T>(Optional<T> value, List<Diagnostic> diagnostics) {
  public ParseResult {
    Objects.requireNonNull(value, "value");
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean ok() {
    return value.isPresent() && diagnostics.stream().noneMatch(Diagnostic::isError);
  }
}
