package dev.warden.dsl.emit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Emitted DRL with its source map: for every DRL rule, which policy rule (and which of its
 * {@code route where} actions) it came from and the DRL lines it spans, so Drools messages and
 * fired rule names map back to {@code file:line}.
 */
public record Drl(String text, List<Origin> origins, List<String> patterns) {
  public Drl {
    Objects.requireNonNull(text, "text");
    origins = List.copyOf(origins);
    patterns = List.copyOf(patterns);
  }

  /**
   * One DRL rule: its name, the program rule index, the index of the {@code route where}
   * action it evaluates (-1 for the rule itself), and its first and last DRL lines (1-based).
   */
  public record Origin(String drlName, int ruleIndex, int actionIndex, int firstLine, int lastLine) {}

  /** The origin of the DRL rule covering a DRL line, if any. */
  public Optional<Origin> atLine(int line) {
    return origins.stream().filter(o -> line >= o.firstLine() && line <= o.lastLine()).findFirst();
  }

  public Optional<Origin> named(String drlName) {
    return origins.stream().filter(o -> o.drlName().equals(drlName)).findFirst();
  }

  /** A DRL string literal; everything outside printable ASCII is a {@code \\uXXXX} escape (upper-case hex, as MVEL requires). */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            b.append(String.format("\\u%04X", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** Text safe inside a {@code //} comment: no line breaks or control characters. */
  public static String comment(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029 ? '?' : cp));
    return b.toString();
  }
}
