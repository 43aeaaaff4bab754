package dev.warden.engine.detect;

import com.google.re2j.Pattern;
import java.time.LocalDate;
import java.time.Year;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.MatchResult;

/**
 * The built-in structured entity types as data: patterns (RE2/J), a validator, a base score
 * (also the default threshold of {@code prompt contains TYPE}) and context words.
 */
public final class StructuredEntities {
  private StructuredEntities() {}

  /** One built-in type's definition. */
  public record Spec(String type, List<String> patterns, Predicate<String> validator, double base,
      List<String> context) {}

  private static final String SEP = "[ .-]";

  public static final List<Spec> SPECS = List.of(
      new Spec("EMAIL",
          List.of("(?i)(?:^|[^a-z0-9._%+-])([a-z0-9](?:[a-z0-9._%+-]{0,62}[a-z0-9_%+-])?@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,24})(?:[^a-z0-9-]|$)"),
          v -> !v.contains(".."), 0.85, List.of("email", "e-mail", "mail", "contact")),
      new Spec("PHONE",
          List.of(
              // +1 415 555 0132, +44 20 7946 0958, +49 (30) 1234567
              "(?:^|[^\\w+])(\\+[1-9]\\d{0,2}(?:[ .-]?\\(?\\d{1,4}\\)?){1,2}(?:[ .-]?\\d{2,4}){2,4})(?:[^\\w]|$)",
              // (415) 555-0132, 415-555-0132, 415.555.0132
              "(?:^|[^\\w+])((?:\\(\\d{3}\\)\\s?|\\d{3}" + SEP + ")\\d{3}" + SEP + "\\d{4})(?:[^\\w]|$)"),
          StructuredEntities::plausiblePhone, 0.6, List.of("phone", "call", "tel", "telephone", "mobile", "cell", "fax",
              "number", "reach me", "text me", "whatsapp")),
      new Spec("CREDIT_CARD",
          List.of("(?:^|[^\\w-])((?:\\d[ -]?){12,18}\\d)(?:[^\\w-]|$)"),
          StructuredEntities::plausibleCard, 0.8, List.of("card", "credit", "debit", "visa", "mastercard", "amex",
              "american express", "discover", "cc", "pan")),
      new Spec("SSN",
          List.of("(?:^|[^\\w-])(\\d{3}-\\d{2}-\\d{4})(?:[^\\w-]|$)", "(?:^|[^\\w-])(\\d{3} \\d{2} \\d{4})(?:[^\\w-]|$)"),
          StructuredEntities::plausibleSsn, 0.6, List.of("ssn", "social security", "social", "sin", "tax id",
              "taxpayer")),
      new Spec("IBAN",
          List.of("(?:^|[^\\w])([A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)(?:[^\\w]|$)"),
          Validators::iban, 0.9, List.of("iban", "account", "bank", "transfer", "wire")),
      new Spec("IP_ADDRESS",
          List.of("(?:^|[^\\w.])((?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d))(?:[^\\w.]|\\.(?:\\s|$)|$)",
              "(?i)(?:^|[^\\w:])((?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,7}:|(?:[0-9a-f]{1,4}:){1,6}:[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,5}(?::[0-9a-f]{1,4}){1,2}|(?:[0-9a-f]{1,4}:){1,4}(?::[0-9a-f]{1,4}){1,3}|(?:[0-9a-f]{1,4}:){1,3}(?::[0-9a-f]{1,4}){1,4}|(?:[0-9a-f]{1,4}:){1,2}(?::[0-9a-f]{1,4}){1,5}|[0-9a-f]{1,4}:(?::[0-9a-f]{1,4}){1,6}|:(?::[0-9a-f]{1,4}){1,7})(?:[^\\w:]|$)"),
          StructuredEntities::plausibleIp, 0.7, List.of("ip", "address", "host", "server", "client")),
      new Spec("URL",
          List.of("(?i)\\b((?:https?|ftp)://[^\\s<>\"'`]+[^\\s<>\"'`.,;:!?)\\]}])", "(?i)(?:^|[^\\w./])(www\\.[a-z0-9-]+(?:\\.[a-z0-9-]+)+(?:/[^\\s<>\"'`]*[^\\s<>\"'`.,;:!?)\\]}])?)"),
          v -> true, 0.6, List.of("url", "link", "website", "site")),
      new Spec("DATE_OF_BIRTH",
          List.of(
              "(?:^|[^\\w])(\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{4})(?:[^\\w]|$)",
              "(?i)(?:^|[^\\w])((?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.? \\d{1,2}(?:st|nd|rd|th)?,? \\d{4})(?:[^\\w]|$)",
              "(?i)(?:^|[^\\w])(\\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?,? \\d{4})(?:[^\\w]|$)"),
          StructuredEntities::plausibleBirthDate, 0.5, List.of("born", "birth", "birthday", "dob", "d.o.b", "date of birth",
              "birthdate", "geboren", "né", "née")));

  /** Built-in types whose score only reaches their threshold with a context word nearby. */
  public static final Map<String, Double> CONTEXT_REQUIRED = Map.of("DATE_OF_BIRTH", 0.85);

  public static List<Pattern> compile(Spec s) {
    return s.patterns().stream().map(Pattern::compile).toList();
  }

  // ------------------------------------------------------------------ validators

  static boolean plausiblePhone(String v) {
    String d = digitsOf(v);
    return d.length() >= 7 && d.length() <= 15 && !sameDigit(d);
  }

  /** Luhn, a card length, and an issuer prefix (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay). */
  static boolean plausibleCard(String v) {
    String d = digitsOf(v);
    if (d.length() < 13 || d.length() > 19 || sameDigit(d) || !Validators.luhn(d)) {
      return false;
    }
    int two = Integer.parseInt(d.substring(0, 2));
    int four = Integer.parseInt(d.substring(0, 4));
    return d.charAt(0) == '4' || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)
        || (two >= 34 && two <= 38) || (two == 30) || d.charAt(0) == '6';
  }

  static boolean plausibleSsn(String v) {
    String d = digitsOf(v);
    int area = Integer.parseInt(d.substring(0, 3));
    int group = Integer.parseInt(d.substring(3, 5));
    int serial = Integer.parseInt(d.substring(5));
    return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
        && !d.equals("123456789") && !sameDigit(d);
  }

  static boolean plausibleIp(String v) {
    if (v.indexOf(':') >= 0) {
      return v.chars().filter(c -> c == ':').count() >= 2;
    }
    return true;
  }

  static boolean plausibleBirthDate(String v) {
    LocalDate date = Dates.parse(v);
    if (date == null) {
      return false;
    }
    int year = date.getYear();
    return year >= 1900 && year <= Year.now().getValue();
  }

  static String digitsOf(String v) {
    StringBuilder b = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c >= '0' && c <= '9') {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean sameDigit(String d) {
    return !d.isEmpty() && d.chars().allMatch(c -> c == d.charAt(0));
  }

  /** Lenient parsing of the date forms the DATE_OF_BIRTH patterns accept. */
  static final class Dates {
    private static final java.util.regex.Pattern ISO = java.util.regex.Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
    private static final java.util.regex.Pattern NUMERIC =
        java.util.regex.Pattern.compile("(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})");
    private static final java.util.regex.Pattern WORDS =
        java.util.regex.Pattern.compile("(?i)([a-z]+)\\.? (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})");
    private static final java.util.regex.Pattern WORDS_DAY_FIRST =
        java.util.regex.Pattern.compile("(?i)(\\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)\\.?,? (\\d{4})");
    private static final List<String> MONTHS =
        List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    private Dates() {}

    static LocalDate parse(String v) {
      try {
        var m = ISO.matcher(v);
        if (m.matches()) {
          return LocalDate.of(i(m, 1), i(m, 2), i(m, 3));
        }
        m = NUMERIC.matcher(v);
        if (m.matches()) {
          int a = i(m, 1);
          int b = i(m, 2);
          int y = i(m, 3);
          // month/day (US) when it is a valid date, else day/month
          return a <= 12 ? LocalDate.of(y, a, b) : LocalDate.of(y, b, a);
        }
        m = WORDS.matcher(v);
        if (m.matches()) {
          return LocalDate.of(i(m, 3), month(m.group(1)), i(m, 2));
        }
        m = WORDS_DAY_FIRST.matcher(v);
        if (m.matches()) {
          return LocalDate.of(i(m, 3), month(m.group(2)), i(m, 1));
        }
      } catch (java.time.DateTimeException | IllegalArgumentException e) {
        return null;
      }
      return null;
    }

    private static int i(MatchResult m, int g) {
      return Integer.parseInt(m.group(g));
    }

    private static int month(String word) {
      String w = word.toLowerCase(Locale.ROOT);
      for (int k = 0; k < MONTHS.size(); k++) {
        if (w.startsWith(MONTHS.get(k))) {
          return k + 1;
        }
      }
      throw new IllegalArgumentException(word);
    }
  }
}
