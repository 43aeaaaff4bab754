package dev.warden.cli;

import dev.warden.dsl.ast.Path;
import dev.warden.dsl.parse.ParseResult;
import dev.warden.dsl.parse.PolicyParser;
import dev.warden.dsl.schema.FactPath;
import dev.warden.dsl.schema.Schema;
import dev.warden.dsl.schema.Type;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses {@code --set path=value} options into typed fact overrides. */
final class PathValues {
  private PathValues() {}

  static Map<FactPath, Object> parse(List<String> settings) {
    Map<FactPath, Object> values = new LinkedHashMap<>();
    for (String s : settings) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--set takes path=value, e.g. --set injection.score=0.9; got " + s);
      }
      String pathText = s.substring(0, eq).trim();
      String raw = s.substring(eq + 1).trim();
      ParseResult<Path> parsed = PolicyParser.parsePath(pathText);
      if (parsed.value().isEmpty()) {
        throw new IllegalArgumentException("`" + pathText + "` is not a path");
      }
      FactPath path = switch (Schema.resolve(parsed.value().get())) {
        case Schema.Resolution.Ok ok -> ok.path();
        case Schema.Resolution.Failed f -> throw new IllegalArgumentException(f.why().message()
            + f.why().suggestion().map(x -> " (did you mean " + x + "?)").orElse(""));
      };
      values.put(path, value(path, raw));
    }
    return values;
  }

  private static Object value(FactPath path, String raw) {
    Type t = path.type();
    try {
      return switch (t) {
        case STRING -> raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")
            ? raw.substring(1, raw.length() - 1) : raw;
        case NUMBER -> Double.parseDouble(raw.endsWith("%") ? raw.substring(0, raw.length() - 1) : raw);
        case BOOL -> {
          if (!raw.equals("true") && !raw.equals("false")) {
            throw new IllegalArgumentException();
          }
          yield Boolean.parseBoolean(raw);
        }
        case LIST -> Arrays.stream(raw.replaceAll("^\\[|\\]$", "").split(","))
            .map(x -> x.trim().replaceAll("^\"|\"$", "")).filter(x -> !x.isEmpty()).toList();
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("`" + path.text() + "` is a " + t.label() + "; cannot use `" + raw + "`");
    }
  }
}
