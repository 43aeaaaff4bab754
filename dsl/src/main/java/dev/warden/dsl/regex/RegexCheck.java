package dev.warden.dsl.regex;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.warden.dsl.ast.RegexLit;
import dev.warden.dsl.diag.Code;
import dev.warden.dsl.diag.Diagnostic;
import java.util.Optional;

/**
 * Checks that a pattern has RE2 semantics, so it runs in time linear in its input: no
 * backreferences, lookaround, atomic groups or possessive quantifiers, and it compiles with
 * RE2/J. The only flag is {@code i}.
 */
public final class RegexCheck {
  private RegexCheck() {}

  public static Optional<Diagnostic> check(RegexLit regex) {
    for (char f : regex.flags().toCharArray()) {
      if (f != 'i') {
        return Optional.of(Diagnostic.of(Code.R003, regex.span(), "unknown pattern flag `" + f + "`",
            "the only flag is i (case-insensitive)"));
      }
    }
    String p = regex.pattern();
    Optional<String> nonLinear = nonLinearConstruct(p);
    if (nonLinear.isPresent()) {
      return Optional.of(Diagnostic.of(Code.R001, regex.span(),
          "pattern uses " + nonLinear.get() + ", which cannot run in linear time",
          "patterns run on untrusted text with RE2 semantics; rewrite without backreferences or lookaround"));
    }
    try {
      Pattern.compile(p, regex.caseInsensitive() ? Pattern.CASE_INSENSITIVE : 0);
    } catch (PatternSyntaxException e) {
      return Optional.of(Diagnostic.of(Code.R002, regex.span(), "invalid pattern: " + e.getDescription()));
    }
    return Optional.empty();
  }

  /** Whether the pattern can match the empty string (an entity pattern must not). */
  public static boolean matchesEmpty(RegexLit regex) {
    try {
      return Pattern.compile(regex.pattern()).matcher("").find();
    } catch (PatternSyntaxException e) {
      return false;
    }
  }

  /** The first construct RE2 rejects for being super-linear, named for people. */
  static Optional<String> nonLinearConstruct(String p) {
    boolean inClass = false;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '\\' && i + 1 < p.length()) {
        char n = p.charAt(i + 1);
        if (!inClass && n >= '1' && n <= '9') {
          return Optional.of("a backreference (\\" + n + ")");
        }
        if (!inClass && n == 'k' && i + 2 < p.length() && (p.charAt(i + 2) == '<' || p.charAt(i + 2) == '{')) {
          return Optional.of("a named backreference");
        }
        i++;
        continue;
      }
      if (inClass) {
        if (c == ']') {
          inClass = false;
        }
        continue;
      }
      if (c == '[') {
        inClass = true;
        if (i + 1 < p.length() && p.charAt(i + 1) == ']') {
          i++;
        }
        continue;
      }
      if (c == '(' && p.startsWith("(?", i)) {
        if (p.startsWith("(?=", i) || p.startsWith("(?!", i)) {
          return Optional.of("lookahead (" + p.substring(i, i + 3) + ")");
        }
        if (p.startsWith("(?<=", i) || p.startsWith("(?<!", i)) {
          return Optional.of("lookbehind (" + p.substring(i, i + 4) + ")");
        }
        if (p.startsWith("(?>", i)) {
          return Optional.of("an atomic group (?>");
        }
      }
      if ((c == '*' || c == '+' || c == '?' || c == '}') && i + 1 < p.length() && p.charAt(i + 1) == '+') {
        return Optional.of("a possessive quantifier (" + c + "+)");
      }
    }
    return Optional.empty();
  }
}
