package dev.warden.engine.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Every match of an RE2/J pattern in a text, reporting its first group when the pattern has
 * one (patterns put word boundaries they cannot express as lookaround around group 1), and
 * resuming right after the reported range so adjacent matches are all found.
 */
final class Finds {
  private Finds() {}

  /** Receives each match's reported range. */
  interface Hit {
    void at(int start, int end);
  }

  static void each(Pattern pattern, String text, Hit hit) {
    Matcher m = pattern.matcher(text);
    int from = 0;
    while (from <= text.length() && m.find(from)) {
      int group = m.groupCount() >= 1 && m.start(1) >= 0 ? 1 : 0;
      int start = m.start(group);
      int end = m.end(group);
      from = Math.max(end, m.start() + 1);
      if (end > start) {
        hit.at(start, end);
      }
    }
  }
}
