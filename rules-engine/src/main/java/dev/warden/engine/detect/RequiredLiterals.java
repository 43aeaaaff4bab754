package dev.warden.engine.detect;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Literal strings that every match of a regex must contain, at least one of them, read from the
 * regex's text (RE2 syntax): {@code \bMRN[-:# ]{0,2}\d{6,10}\b} needs "mrn", {@code (?:order|invoice) no}
 * needs " no", {@code (?:alpha|beta)-\d+} needs "alpha" or "beta". A pack's own entity patterns
 * run over the whole text (they have no anchors); a text that holds none of these literals
 * cannot match, and skipping it saves an RE2/J search of the whole prompt per pattern, most of
 * what such an entity costs.
 *
 * <p>Conservative: the literals are in lower case and are looked for in the text's lower case, a
 * superset of what the pattern (case-sensitive or not) can match; anything this reader does not
 * understand, or a regex with no literal of at least {@link #MIN_LENGTH} ASCII characters that
 * every match needs, gives no literals, and the pattern is run as before.
 */
final class RequiredLiterals {
  /** Shorter literals are in nearly every text: not worth a gate. */
  static final int MIN_LENGTH = 2;

  private final String re;
  private int at;

  private RequiredLiterals(String re) {
    this.re = re;
  }

  /** The literals (lower case), one of which every match of {@code regex} contains; empty when unknown. */
  static Optional<Set<String>> of(String regex) {
    try {
      RequiredLiterals r = new RequiredLiterals(regex);
      Set<String> found = r.alternation();
      if (r.at != regex.length() || found == null || found.isEmpty()) {
        return Optional.empty();
      }
      for (String l : found) {
        if (l.length() < MIN_LENGTH || !l.chars().allMatch(c -> c < 128)) {
          return Optional.empty();
        }
      }
      return Optional.of(Set.copyOf(found));
    } catch (Unknown e) {
      return Optional.empty();
    }
  }

  /**
   * Whether {@code lower} (a text in lower case, {@link Locale#ROOT}) may hold a match: it holds
   * one of the literals, or {@code text} holds a character that case-insensitive matching folds
   * onto an ASCII letter without lower-casing to it (the Kelvin sign, the long s).
   */
  static boolean mayMatch(Set<String> literals, String text, String lower) {
    for (String l : literals) {
      if (lower.contains(l)) {
        return true;
      }
    }
    return text.indexOf('\u212A') >= 0 || text.indexOf('\u017F') >= 0;
  }

  /** A construct this reader does not follow: no literals are claimed. */
  private static final class Unknown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unknown() {
      super(null, null, false, false);
    }
  }

  private boolean more() {
    return at < re.length();
  }

  private char peek() {
    return re.charAt(at);
  }

  /** Branches separated by '|' up to ')' or the end: the union of theirs, null when one has none. */
  private Set<String> alternation() {
    Set<String> all = new LinkedHashSet<>();
    boolean known = true;
    while (true) {
      Set<String> branch = sequence();
      if (branch == null) {
        known = false;
      } else {
        all.addAll(branch);
      }
      if (more() && peek() == '|') {
        at++;
        continue;
      }
      return known ? all : null;
    }
  }

  /** One branch: the best literal set any of its parts requires (the one whose shortest literal is longest). */
  private Set<String> sequence() {
    StringBuilder run = new StringBuilder();
    Set<String> best = null;
    while (more() && peek() != '|' && peek() != ')') {
      char c = peek();
      Set<String> group = null;
      Character literal = null;
      String quoted = null;
      switch (c) {
        case '(' -> {
          at++;
          if (flagsOnly()) {
            continue; // (?i) and the like: no atom
          }
          group = alternation();
          if (!more() || peek() != ')') {
            throw new Unknown();
          }
          at++;
          if (group == null) {
            group = Set.of();
          }
        }
        case '[' -> skipClass();
        case '.', '^', '$' -> at++;
        case '\\' -> {
          at++;
          if (!more()) {
            throw new Unknown();
          }
          char e = peek();
          at++;
          if (e == 'Q') {
            int end = re.indexOf("\\E", at);
            quoted = end < 0 ? re.substring(at) : re.substring(at, end);
            at = end < 0 ? re.length() : end + 2;
          } else if (e == 'p' || e == 'P') {
            skipProperty();
          } else if ("dDwWsSbBAz".indexOf(e) >= 0) {
            // a class or an assertion: not a literal
          } else if (!Character.isLetterOrDigit(e) && e < 128) {
            literal = e; // escaped punctuation: \. \- \/ \#
          } else {
            throw new Unknown(); // \x{..}, \n, octal, ...: not followed here
          }
        }
        case '*', '+', '?', '{' -> {
          if (c == '{' && !repetitionAhead()) {
            at++;
            literal = '{';
          } else {
            throw new Unknown(); // a quantifier with nothing before it
          }
        }
        default -> {
          at++;
          literal = c;
        }
      }
      int min = quantifier();
      if (quoted != null && !quoted.isEmpty()) {
        // the quantifier applies to the quoted text's last character
        run.append(quoted, 0, quoted.length() - 1);
        literal = quoted.charAt(quoted.length() - 1);
      }
      if (literal != null) {
        if (min >= 1) {
          run.append(literal);
        }
        if (min != 1 || lastQuantifierRepeats) {
          best = better(best, run);
          run.setLength(0);
        }
        continue;
      }
      best = better(best, run);
      run.setLength(0);
      if (group != null && min >= 1 && !group.isEmpty()) {
        best = better(best, group);
      }
    }
    return better(best, run);
  }

  /** Whether the last quantifier read allows more than one repetition (so what follows is not contiguous). */
  private boolean lastQuantifierRepeats;

  /** Reads a quantifier after an atom: the least number of times the atom occurs (1 when there is none). */
  private int quantifier() {
    lastQuantifierRepeats = false;
    if (!more()) {
      return 1;
    }
    int min;
    char c = peek();
    if (c == '*' || c == '?') {
      at++;
      min = 0;
      lastQuantifierRepeats = c == '*';
    } else if (c == '+') {
      at++;
      min = 1;
      lastQuantifierRepeats = true;
    } else if (c == '{' && repetitionAhead()) {
      int close = re.indexOf('}', at);
      String body = re.substring(at + 1, close);
      at = close + 1;
      int comma = body.indexOf(',');
      min = Integer.parseInt(comma < 0 ? body : body.substring(0, comma));
      int max = comma < 0 ? min : body.substring(comma + 1).isEmpty() ? Integer.MAX_VALUE
          : Integer.parseInt(body.substring(comma + 1));
      lastQuantifierRepeats = max > 1;
    } else {
      return 1;
    }
    if (more() && (peek() == '?' || peek() == '+')) {
      if (peek() == '+') {
        throw new Unknown(); // possessive: not RE2
      }
      at++; // lazy
    }
    if (more() && (peek() == '*' || peek() == '+' || peek() == '?')) {
      throw new Unknown(); // stacked quantifiers
    }
    return min;
  }

  /** Whether a {n}, {n,} or {n,m} repetition starts at the current '{'. */
  private boolean repetitionAhead() {
    int close = re.indexOf('}', at);
    return close > at + 1 && re.substring(at + 1, close).matches("\\d{1,4}(,\\d{0,4})?");
  }

  /** After '(': consumes "?flags)" (a flag setting, true) or a group's opening ("?:", "?flags:", "?P<name>"). */
  private boolean flagsOnly() {
    if (!more() || peek() != '?') {
      return false; // a capturing group
    }
    int close = at + 1;
    while (close < re.length() && (Character.isLetter(re.charAt(close)) || re.charAt(close) == '-')) {
      close++;
    }
    if (close < re.length() && re.charAt(close) == ')' && close > at + 1) {
      at = close + 1;
      return true;
    }
    if (close < re.length() && re.charAt(close) == ':') {
      at = close + 1;
      return false;
    }
    if (re.startsWith("?P<", at) || re.startsWith("?<", at)) {
      int end = re.indexOf('>', at);
      if (end < 0) {
        throw new Unknown();
      }
      at = end + 1;
      return false;
    }
    throw new Unknown(); // lookaround and the rest: not RE2
  }

  /** Skips a character class, from '[' to its ']'. */
  private void skipClass() {
    at++;
    if (more() && peek() == '^') {
      at++;
    }
    if (more() && peek() == ']') {
      at++; // a leading ']' is a member
    }
    while (more() && peek() != ']') {
      if (peek() == '\\') {
        at += 2;
      } else if (re.startsWith("[:", at)) {
        int end = re.indexOf(":]", at + 2);
        if (end < 0) {
          throw new Unknown();
        }
        at = end + 2;
      } else {
        at++;
      }
    }
    if (!more()) {
      throw new Unknown();
    }
    at++;
  }

  /** Skips the name of \p or \P: one letter, or {Name}. */
  private void skipProperty() {
    if (!more()) {
      throw new Unknown();
    }
    if (peek() == '{') {
      int end = re.indexOf('}', at);
      if (end < 0) {
        throw new Unknown();
      }
      at = end + 1;
    } else {
      at++;
    }
  }

  /** The better of a set and a run: the one whose shortest literal is longer (null and empty lose). */
  private static Set<String> better(Set<String> best, CharSequence run) {
    return run.isEmpty() ? best : better(best, Set.of(run.toString().toLowerCase(Locale.ROOT)));
  }

  private static Set<String> better(Set<String> best, Set<String> candidate) {
    if (candidate == null || candidate.isEmpty()) {
      return best;
    }
    Set<String> lower = new LinkedHashSet<>();
    candidate.forEach(s -> lower.add(s.toLowerCase(Locale.ROOT)));
    if (best == null || shortest(lower) > shortest(best)) {
      return lower;
    }
    return best;
  }

  private static int shortest(Set<String> s) {
    return s.stream().mapToInt(String::length).min().orElse(0);
  }
}
