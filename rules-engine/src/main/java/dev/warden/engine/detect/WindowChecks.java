package dev.warden.engine.detect;

/**
 * Necessary conditions for a pattern to match in a window ({@link Anchors#where}), each a
 * short pass over the window's characters and each read off the pattern it guards: a window
 * failing one cannot hold a match, so skipping its search changes no result. Classes are ASCII,
 * written as in {@link Anchors.CharClass#of}; RE2/J's {@code \d}, {@code \w} and {@code \s} are
 * ASCII too.
 */
final class WindowChecks {
  private WindowChecks() {}

  /**
   * Consecutive characters, one of each class in turn ({@code "0-9", "0-9", "-"}): for a pattern
   * every match of which holds such a sequence (an SSN's {@code \d{3}-\d{2}-\d{4}}).
   */
  static Anchors.Check sequence(String... classes) {
    Anchors.CharClass[] steps = new Anchors.CharClass[classes.length];
    for (int i = 0; i < classes.length; i++) {
      steps[i] = Anchors.CharClass.of(classes[i]);
    }
    return (text, start, end) -> {
      for (int i = start; i + steps.length <= end; i++) {
        int k = 0;
        while (k < steps.length && steps[k].has(text.charAt(i + k))) {
          k++;
        }
        if (k == steps.length) {
          return true;
        }
      }
      return false;
    };
  }

  /**
   * A run of at least {@code length} characters of {@code chars}: for a pattern whose match holds
   * such a run (a key of 16 or more token characters). With {@code foldCase}, as a
   * case-insensitive class ({@link GroupBounds#ascii}).
   */
  static Anchors.Check run(int length, String chars, boolean foldCase) {
    java.util.function.IntPredicate members = GroupBounds.ascii(chars, foldCase);
    return (text, start, end) -> {
      int n = 0;
      for (int i = start; i < end; i++) {
        if (members.test(text.charAt(i))) {
          if (++n >= length) {
            return true;
          }
        } else {
          n = 0;
        }
      }
      return false;
    };
  }

  /** One of {@code chars} somewhere in the window: for a pattern each match of which holds one. */
  static Anchors.Check anyOf(String chars) {
    return (text, start, end) -> {
      for (int i = start; i < end; i++) {
        if (chars.indexOf(text.charAt(i)) >= 0) {
          return true;
        }
      }
      return false;
    };
  }

  /**
   * One of the {@code literals} (case-sensitive) at the window's start or right after a
   * character of {@code before}: for a pattern that begins {@code (?:^|[before])literal}.
   */
  static Anchors.Check literalAfter(String before, String... literals) {
    Anchors.CharClass preceding = Anchors.CharClass.of(before);
    return (text, start, end) -> {
      for (int i = start; i < end; i++) {
        if (i == start || preceding.has(text.charAt(i - 1))) {
          for (String l : literals) {
            if (i + l.length() <= end && text.startsWith(l, i)) {
              return true;
            }
          }
        }
      }
      return false;
    };
  }

  /**
   * A character of {@code first} at the window's start or right after a character outside
   * {@code boundary} (non-ASCII characters are outside): for a pattern that begins
   * {@code (?:^|[^boundary])} followed by one of {@code first}, as the structured entities and
   * phone candidates do, so a number glued to a word or a dash ("INV-2024-0311") is not searched.
   */
  static Anchors.Check startAfter(String first, String boundary) {
    Anchors.CharClass starts = Anchors.CharClass.of(first);
    Anchors.CharClass inside = Anchors.CharClass.of(boundary);
    return (text, start, end) -> {
      for (int i = start; i < end; i++) {
        if (starts.has(text.charAt(i)) && (i == start || !inside.has(text.charAt(i - 1)))) {
          return true;
        }
      }
      return false;
    };
  }

  /** Both checks. */
  static Anchors.Check both(Anchors.Check a, Anchors.Check b) {
    return (text, start, end) -> a.passes(text, start, end) && b.passes(text, start, end);
  }
}
