package dev.warden.engine.detect;

import java.util.Locale;
import java.util.Set;

/**
 * Reads a pasted table (CSV, semicolon- or tab-separated): the header cell above a value, so
 * a date in a "dob" column is known to be a date of birth. Looks back at most
 * {@link #MAX_LINES} lines and {@link #MAX_CHARS} characters.
 */
final class Tables {
  static final int MAX_LINES = 50;
  static final int MAX_CHARS = 8_000;

  private Tables() {}

  /** Whether the cell at {@code offset} sits under a header cell named one of {@code names}. */
  static boolean columnName(String text, int offset, Set<String> names) {
    int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    int lineEnd = text.indexOf('\n', offset);
    String line = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd);
    char separator = separator(line);
    if (separator == 0) {
      return false;
    }
    int column = count(line.substring(0, offset - lineStart), separator);
    int fields = count(line, separator);
    int end = lineStart - 1;
    for (int n = 0; n < MAX_LINES && end > 0 && lineStart - end < MAX_CHARS; n++) {
      int start = text.lastIndexOf('\n', end - 1) + 1;
      String previous = text.substring(start, end);
      if (count(previous, separator) == fields
          && names.contains(cell(previous, separator, column).strip().replace("\"", "").toLowerCase(Locale.ROOT))) {
        return true;
      }
      end = start - 1;
    }
    return false;
  }

  /** The {@code column}-th cell of a line (0-based). */
  private static String cell(String line, char separator, int column) {
    int from = 0;
    for (int i = 0; i < column; i++) {
      from = line.indexOf(separator, from) + 1;
    }
    int to = line.indexOf(separator, from);
    return line.substring(from, to < 0 ? line.length() : to);
  }

  private static char separator(String line) {
    for (char c : new char[] {',', '\t', ';', '|'}) {
      if (count(line, c) >= 2) {
        return c;
      }
    }
    return 0;
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }
}
