package dev.warden.cli;

import dev.warden.dsl.schema.FactPath;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --set path=value} options as typed fact overrides, with the same rules as {@code given} in tests. */
final class PathValues {
  private PathValues() {}

  static Map<FactPath, Object> parse(List<String> settings) {
    Map<FactPath, Object> values = new LinkedHashMap<>();
    for (String s : settings) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--set takes path=value, e.g. --set injection.score=0.9; got " + s);
      }
      switch (dev.warden.dsl.check.PathValues.parse(s.substring(0, eq), s.substring(eq + 1))) {
        case dev.warden.dsl.check.PathValues.Ok ok -> values.put(ok.path(), ok.value());
        case dev.warden.dsl.check.PathValues.Failed f -> throw new IllegalArgumentException(
            "--set " + s + ": " + f.message() + f.hint().map(h -> " (" + h + ")").orElse(""));
      }
    }
    return values;
  }
}
