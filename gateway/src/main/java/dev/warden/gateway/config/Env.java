package dev.warden.gateway.config;

import java.util.Map;
import java.util.function.Function;

/**
 * Substitutes {@code ${NAME}} and {@code ${NAME:-default}} in configuration values from the
 * environment, so secrets (API keys, tokens) stay out of the file. {@code $${} is a literal.
 */
public final class Env {
  private final Function<String, String> lookup;

  public Env(Function<String, String> lookup) {
    this.lookup = lookup;
  }

  public static Env system() {
    return new Env(System::getenv);
  }

  public static Env of(Map<String, String> values) {
    return new Env(values::get);
  }

  public String get(String name) {
    return lookup.apply(name);
  }

  /** The value with every {@code ${...}} replaced; an unset variable without default is "". */
  public String substitute(String value) {
    if (value.indexOf('$') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    int i = 0;
    while (i < value.length()) {
      if (value.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (value.startsWith("${", i)) {
        int close = value.indexOf('}', i + 2);
        if (close < 0) {
          throw new IllegalArgumentException("`${` is not closed in \"" + value + "\"");
        }
        String expr = value.substring(i + 2, close);
        int dflt = expr.indexOf(":-");
        String name = dflt >= 0 ? expr.substring(0, dflt) : expr;
        String v = lookup.apply(name.strip());
        out.append(v != null && !v.isEmpty() ? v : dflt >= 0 ? expr.substring(dflt + 2) : "");
        i = close + 1;
      } else {
        out.append(value.charAt(i++));
      }
    }
    return out.toString();
  }
}
