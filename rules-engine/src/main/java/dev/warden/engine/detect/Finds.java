package dev.warden.engine.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Every match of an RE2/J pattern in a text, reporting its first group when the pattern has
 * one (patterns put word boundaries they cannot express as lookaround around group 1), and
 * resuming right after the reported range so adjacent matches are all found. With
 * {@link Anchors}, only windows around the anchors are searched; a match touching an inner
 * window edge is not a real one (the pattern's {@code ^}/{@code $} stood for a boundary that
 * is not there) and is dropped.
 */
final class Finds {
  private Finds() {}

  /** Receives each match's reported range, in text offsets. */
  interface Hit {
    void at(int start, int end);
  }

  static void each(Pattern pattern, String text, Hit hit) {
    each(pattern, text, Anchors.EVERYWHERE, hit);
  }

  static void each(Pattern pattern, String text, Anchors anchors, Hit hit) {
    each(pattern, new TextMemo(text), anchors, hit);
  }

  /** The same, the windows read through the scan's memo (shared anchors are computed once per text). */
  static void each(Pattern pattern, TextMemo memo, Anchors anchors, Hit hit) {
    each(pattern, memo, anchors, GroupBounds.RE2J, hit);
  }

  /**
   * The same, group 1 read off the match by {@code bounds} where it can be (see
   * {@link GroupBounds}), so RE2/J is not asked to match again for it.
   */
  static void each(Pattern pattern, TextMemo memo, Anchors anchors, GroupBounds bounds, Hit hit) {
    String text = memo.text();
    anchors.windows(memo, (ws, we) -> {
      String window = ws == 0 && we == text.length() ? text : text.substring(ws, we);
      Matcher m = pattern.matcher(window);
      int from = 0;
      while (from <= window.length() && m.find(from)) {
        long read = bounds.of(window, m.start(), m.end());
        int start;
        int end;
        if (read != GroupBounds.ASK) {
          start = (int) (read >>> 32);
          end = (int) read;
        } else {
          int group = m.groupCount() >= 1 && m.start(1) >= 0 ? 1 : 0;
          start = m.start(group);
          end = m.end(group);
        }
        from = Math.max(end, m.start() + 1);
        if (end <= start) {
          continue;
        }
        // windows reach one character past anything a match can hold, so a real match never
        // touches an inner window edge
        boolean cutLeft = start == 0 && ws > 0;
        boolean cutRight = end == window.length() && we < text.length();
        if (!cutLeft && !cutRight) {
          hit.at(ws + start, ws + end);
        }
      }
    });
  }
}
