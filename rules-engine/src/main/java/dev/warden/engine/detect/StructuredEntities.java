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

  /** One built-in type's definition: patterns, validator, base score, and the words around it that matter. */
  public record Spec(String type, List<String> patterns, Predicate<String> validator, double base, Context context,
      List<Anchors> anchors, List<String> gate) {
    Spec(String type, List<String> patterns, Predicate<String> validator, double base, Context context,
        List<Anchors> anchors) {
      this(type, patterns, validator, base, context, anchors, List.of());
    }
  }

  /** Number-like runs: digits joined by spaces, dots, dashes, slashes, parentheses, plus signs. */
  static final Anchors NUMBERS = Anchors.runs("0-9", " ./()+-", 2, 128, 40, 0).shared();
  // windows with fewer digits (or dots, dashes, colons) than every match of the pattern has are not searched
  // and windows where no digit can begin a match: each follows the window's start or a character
  // outside the class the pattern's leading boundary excludes ((?:^|[^\w-]) before a card number)
  private static final Anchors CARD_NUMBERS = NUMBERS.withAtLeast(13, "0-9")
      .where(WindowChecks.startAfter("0-9", "A-Za-z0-9_-"));
  // and windows without the digits and separators in the order every match has them
  private static final Anchors SSN_DASHED = NUMBERS.withAtLeast(9, "0-9").withAtLeast(2, "-")
      .where(WindowChecks.sequence("0-9", "0-9", "0-9", "-", "0-9", "0-9", "-", "0-9", "0-9", "0-9", "0-9"))
      .where(WindowChecks.startAfter("0-9", "A-Za-z0-9_-"));
  private static final Anchors SSN_SPACED = NUMBERS.withAtLeast(9, "0-9")
      .where(WindowChecks.sequence("0-9", "0-9", "0-9", " ", "0-9", "0-9", " ", "0-9", "0-9", "0-9", "0-9"))
      .where(WindowChecks.startAfter("0-9", "A-Za-z0-9_-"));
  private static final Anchors IPV4 = NUMBERS.withAtLeast(4, "0-9").withAtLeast(3, ".")
      .where(WindowChecks.startAfter("0-9", "A-Za-z0-9_."));
  /** The same with commas, and room on the left for a month name ("March 12, 1988", "12 March 1988"). */
  private static final Anchors DATES = Anchors.runs("0-9", " ./,-", 2, 128, 48, 24);
  /** Runs of capitals and digits, in windows with enough of them for an IBAN (two letters, two digits, two blocks of four). */
  private static final Anchors IBANS = Anchors.runs("0-9A-Z", " ", 1, 128, 48, 0).withAtLeast(12, "0-9A-Z")
      .where(WindowChecks.sequence("A-Z", "A-Z", "0-9", "0-9")); // the country code and check digits
  private static final Anchors EMAILS = Anchors.around('@', "a-zA-Z0-9._%+-", 64, "a-zA-Z0-9.-", 255);
  /** Around colons; every IPv6 form the pattern accepts has at least two. */
  private static final Anchors IPV6 = Anchors.around(':', "0-9a-fA-F:", 40, "0-9a-fA-F:", 40).withAtLeast(2, ":");
  private static final Anchors URLS = Anchors.literals(true, 4096, "://", "www.");

  private static final String MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
      + "|janv|févr|fevr|mars|avr|mai|juin|juil|août|aout|sept|déc|janvier|février|fevrier|avril|juillet|septembre"
      + "|octobre|novembre|décembre|decembre|januar|februar|märz|maerz|juni|juli|oktober|dezember|enero|febrero"
      + "|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre";

  /** Words near a number that say it is something else: an order, a version, a part. */
  private static final List<String> NOT_PERSONAL = List.of("order", "invoice", "tracking", "ticket", "ref",
      "reference", "sku", "serial", "part", "build", "version", "po", "isbn", "case", "transaction", "batch", "lot");

  public static final List<Spec> SPECS = List.of(
      new Spec("EMAIL",
          List.of("(?i)(?:^|[^a-z0-9._%+-])([a-z0-9](?:[a-z0-9._%+-]{0,62}[a-z0-9_%+-])?@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,24})(?:[^a-z0-9:-]|:(?:\\s|$)|$)"),
          v -> !v.contains(".."), 0.85, new Context(List.of("email", "e-mail", "mail", "contact")),
          List.of(EMAILS)),
      new Spec("CREDIT_CARD",
          List.of("(?:^|[^\\w-])((?:\\d[ -]?){12,18}\\d)(?:[^\\w-]|$)"),
          StructuredEntities::plausibleCard, 0.8, new Context(List.of("card", "credit", "debit", "visa", "mastercard",
              "amex", "american express", "discover", "cc", "pan"), NOT_PERSONAL), List.of(CARD_NUMBERS)),
      new Spec("SSN",
          List.of("(?:^|[^\\w-])(\\d{3}-\\d{2}-\\d{4})(?:[^\\w-]|$)",
              "(?:^|[^\\w-])(\\d{3} \\d{2} \\d{4})(?:[^\\w-]|$)"),
          StructuredEntities::plausibleSsn, 0.6, new Context(List.of("ssn", "social security", "social", "tax id",
              "taxpayer"), NOT_PERSONAL), List.of(SSN_DASHED, SSN_SPACED)),
      new Spec("IBAN",
          List.of("(?:^|[^\\w])([A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)(?:[^\\w]|$)"),
          Validators::iban, 0.9, new Context(List.of("iban", "account", "bank", "transfer", "wire")),
          List.of(IBANS)),
      new Spec("IP_ADDRESS",
          List.of("(?:^|[^\\w.])((?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d))(?:[^\\w.]|\\.(?:\\s|$)|$)",
              "(?i)(?:^|[^\\w:])((?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,7}:|(?:[0-9a-f]{1,4}:){1,6}:[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,5}(?::[0-9a-f]{1,4}){1,2}|(?:[0-9a-f]{1,4}:){1,4}(?::[0-9a-f]{1,4}){1,3}|(?:[0-9a-f]{1,4}:){1,3}(?::[0-9a-f]{1,4}){1,4}|(?:[0-9a-f]{1,4}:){1,2}(?::[0-9a-f]{1,4}){1,5}|[0-9a-f]{1,4}:(?::[0-9a-f]{1,4}){1,6}|:(?::[0-9a-f]{1,4}){1,7})(?:[^\\w:]|$)"),
          StructuredEntities::plausibleIp, 0.7, new Context(List.of("ip", "address", "host", "server", "client"),
              List.of("version", "release", "build", "firmware", "package", "oid", "install", "installing",
                  "update", "upgrade", "vs")), List.of(IPV4, IPV6)),
      new Spec("URL",
          List.of("(?i)\\b((?:https?|ftp)://[^\\s<>\"'`]+[^\\s<>\"'`.,;:!?)\\]}])",
              "(?i)(?:^|[^\\w./@])(www\\.[a-z0-9-]+(?:\\.[a-z0-9-]+)+(?:/[^\\s<>\"'`]*[^\\s<>\"'`.,;:!?)\\]}])?)"),
          v -> true, 0.6, new Context(List.of("url", "link", "website", "site")),
          List.of(URLS, URLS)),
      new Spec("DATE_OF_BIRTH",
          List.of(
              "(?:^|[^\\w])(\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{4})(?:[^\\w]|$)",
              "(?i)(?:^|[^\\w])((?:" + MONTHS + ")[a-z]*\\.? \\d{1,2}(?:st|nd|rd|th)?,? \\d{4})(?:[^\\w]|$)",
              "(?i)(?:^|[^\\w])(\\d{1,2}(?:st|nd|rd|th|er)?\\.? (?:of |de )?(?:" + MONTHS + ")[\\p{L}]*\\.?,? (?:de )?\\d{4})(?:[^\\w]|$)"),
          StructuredEntities::plausibleBirthDate, 0.5,
          // the birth word comes just before the date: "born on", "DOB:", "date of birth", "née le"
          new Context(List.of("born", "birth", "birthday", "dob", "d.o.b", "date of birth", "birthdate", "geboren",
              "geburtsdatum", "geburtstag", "né", "née", "né le", "née le", "date de naissance", "nacido", "nacida",
              "fecha de nacimiento", "dateofbirth", "date_of_birth", "birth_date", "birthday is"), List.of(), 35, 0)
              .withColumns(java.util.Set.of("dob", "birth_date", "date_of_birth", "birthdate", "dateofbirth",
                  "birthday", "geburtsdatum", "date de naissance", "fecha_nacimiento", "date of birth")),
          List.of(DATES, DATES, DATES),
          // without one of these words (or a column so named) no date is a date of birth
          List.of("born", "birth", "dob", "d.o.b", "geboren", "geburt", "né", "née", "naissance", "nacid", "nacimiento")));

  /** Built-in types whose score only reaches their threshold with a context word nearby. */
  public static final Map<String, Double> CONTEXT_REQUIRED = Map.of("DATE_OF_BIRTH", 0.85);

  /**
   * Where group 1 lies in the matches of each type's patterns, in order (see {@link GroupBounds}):
   * each reads the pattern's boundary classes as written above. Types not listed ask RE2/J.
   */
  private static final Map<String, List<GroupBounds>> BOUNDS = Map.of(
      // (?i)(?:^|[^a-z0-9._%+-])(...[a-z]{2,24})(?:[^a-z0-9:-]|:(?:\s|$)|$)
      "EMAIL", List.of(GroupBounds.of(GroupBounds.ascii("a-z0-9._%+-", true), GroupBounds.ascii("a-z0-9:-", true),
          GroupBounds.ascii("a-z", true)).orJoiner(':', GroupBounds.SPACE)),
      // (?:^|[^\w-])(\d...\d)(?:[^\w-]|$)
      "CREDIT_CARD", List.of(digitsBetween(GroupBounds.WORD + "-")),
      "SSN", List.of(digitsBetween(GroupBounds.WORD + "-"), digitsBetween(GroupBounds.WORD + "-")),
      // (?:^|[^\w])([A-Z]{2}...[A-Z0-9])(?:[^\w]|$)
      "IBAN", List.of(GroupBounds.of(GroupBounds.ascii(GroupBounds.WORD, false),
          GroupBounds.ascii(GroupBounds.WORD, false), GroupBounds.ascii("A-Z0-9", false))),
      "IP_ADDRESS", List.of(
          // (?:^|[^\w.])(\d...\d)(?:[^\w.]|\.(?:\s|$)|$)
          GroupBounds.of(GroupBounds.ascii(GroupBounds.WORD + ".", false), GroupBounds.ascii(GroupBounds.WORD + ".", false),
              GroupBounds.DIGIT).orJoiner('.', GroupBounds.SPACE),
          // (?i)(?:^|[^\w:])([0-9a-f:]...[0-9a-f:])(?:[^\w:]|$)
          GroupBounds.of(GroupBounds.ascii(GroupBounds.WORD + ":", true), GroupBounds.ascii(GroupBounds.WORD + ":", true),
              GroupBounds.ascii("0-9a-f:", true))));

  private static GroupBounds digitsBetween(String boundary) {
    return GroupBounds.of(GroupBounds.ascii(boundary, false), GroupBounds.ascii(boundary, false), GroupBounds.DIGIT);
  }

  /** The {@link GroupBounds} of each of a spec's patterns. */
  static List<GroupBounds> bounds(Spec s) {
    List<GroupBounds> b = BOUNDS.get(s.type());
    return b != null ? b : s.patterns().stream().map(p -> GroupBounds.RE2J).toList();
  }

  private static final java.util.regex.Pattern GROUP_SEPARATORS = java.util.regex.Pattern.compile("[ -]+");

  /**
   * A payment card: Luhn, a known issuer's prefix and length, and, when the digits are grouped,
   * the groupings cards are printed with (4-4-4-4, 4-6-5 for Amex, 4-6-4 for Diners), so order
   * numbers such as 401-2923858-8837052 and phone numbers are not cards.
   */
  static boolean plausibleCard(String v) {
    if (!Validators.card(v)) {
      return false;
    }
    String[] groups = GROUP_SEPARATORS.split(v.trim());
    if (groups.length == 1) {
      return true;
    }
    int[] lengths = java.util.Arrays.stream(groups).mapToInt(String::length).toArray();
    if (java.util.Arrays.equals(lengths, new int[] {4, 6, 5}) || java.util.Arrays.equals(lengths, new int[] {4, 6, 4})) {
      return true;
    }
    for (int i = 0; i < lengths.length - 1; i++) {
      if (lengths[i] != 4) {
        return false;
      }
    }
    return lengths[lengths.length - 1] >= 1 && lengths[lengths.length - 1] <= 4;
  }

  public static List<Pattern> compile(Spec s) {
    return s.patterns().stream().map(Pattern::compile).toList();
  }

  // ------------------------------------------------------------------ validators

  static boolean plausibleSsn(String v) {
    String d = Validators.digitsOf(v);
    int area = Integer.parseInt(d.substring(0, 3));
    int group = Integer.parseInt(d.substring(3, 5));
    int serial = Integer.parseInt(d.substring(5));
    return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
        && !d.equals("123456789") && !Validators.sameDigit(d);
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

  /** Lenient parsing of the date forms the DATE_OF_BIRTH patterns accept. */
  static final class Dates {
    private static final java.util.regex.Pattern ISO = java.util.regex.Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
    private static final java.util.regex.Pattern NUMERIC =
        java.util.regex.Pattern.compile("(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})");
    private static final java.util.regex.Pattern WORDS =
        java.util.regex.Pattern.compile("(?i)(\\p{L}+)\\.? (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})");
    private static final java.util.regex.Pattern WORDS_DAY_FIRST = java.util.regex.Pattern.compile(
        "(?i)(\\d{1,2})(?:st|nd|rd|th|er)?\\.? (?:of |de )?(\\p{L}+)\\.?,? (?:de )?(\\d{4})");
    /** Month names and their usual abbreviations in English, French, German and Spanish, by prefix. */
    private static final List<List<String>> MONTHS = List.of(
        List.of("jan", "janv", "ene"), List.of("feb", "fév", "fev"), List.of("mar", "mär", "mae"),
        List.of("apr", "avr", "abr"), List.of("may", "mai", "may"), List.of("jun", "juin"),
        List.of("jul", "juil"), List.of("aug", "aoû", "aou", "ago"), List.of("sep"),
        List.of("oct", "okt"), List.of("nov"), List.of("dec", "déc", "dez", "dic"));

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
      // "juin"/"juil" and "mar"/"mai": try the longer prefixes first
      int best = -1;
      int bestLength = 0;
      for (int k = 0; k < MONTHS.size(); k++) {
        for (String prefix : MONTHS.get(k)) {
          if (w.startsWith(prefix) && prefix.length() > bestLength) {
            best = k + 1;
            bestLength = prefix.length();
          }
        }
      }
      if (best < 0) {
        throw new IllegalArgumentException(word);
      }
      return best;
    }
  }
}
