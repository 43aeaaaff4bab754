package dev.warden.engine.detect;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.Set;

/**
 * Phone numbers, validated with libphonenumber. Candidates are found with an RE2/J pattern
 * (linear time) and each short candidate is parsed on its own: international numbers with
 * their country code, national ones for {@link #REGIONS}. A formatted number scores 0.6; a
 * bare run of digits only 0.35, enough only with a supporting word nearby ("call", "phone"),
 * and it is not even parsed otherwise, so a text of digits costs nothing. Words such as
 * "order", "invoice" or "tracking" nearby lower the score below the threshold.
 */
public final class PhoneDetector implements Detector {
  static final String TYPE = "PHONE";
  static final double FORMATTED = 0.6;
  static final double BARE = 0.35;
  /** National formats understood without a country code, in this order. */
  static final List<String> REGIONS = List.of("US", "GB", "DE", "FR", "IN");

  static final Pattern CANDIDATE = Pattern.compile(
      "(?:^|[^\\w+/.:-])("
          + "\\+\\d{1,3}(?:[ .-]?\\(?\\d{1,4}\\)?)(?:[ .-]?\\d{2,5}){1,5}"   // +1 415 555 0132, +49 (30) 901820
          + "|\\(\\d{2,5}\\)[ .-]?\\d{2,5}(?:[ .-]\\d{2,5}){0,3}"           // (415) 555-0132
          + "|\\d{2,5}(?:[ .-]\\d{2,5}){0,3}[ .-]\\d{2,8}"                  // 415-555-0132, 089 8384753
          + "|\\+?\\d{8,15}"                                               // 4155550132
          + ")(?:[^\\w/.:-]|[.](?:[^\\w]|$)|$)");
  /**
   * Group 1 of a {@link #CANDIDATE} match: after a character outside {@code [\w+/.:-]} (a "(" at
   * the window's start may be either), before one outside {@code [\w/.:-]} or a full stop and a
   * character outside {@code \w}; the number ends with a digit.
   */
  static final GroupBounds CANDIDATE_BOUNDS = GroupBounds.of(GroupBounds.ascii(GroupBounds.WORD + "+/.:-", false),
      GroupBounds.ascii(GroupBounds.WORD + "/.:-", false), GroupBounds.DIGIT)
      .orJoiner('.', cp -> !GroupBounds.ascii(GroupBounds.WORD, false).test(cp))
      .orFirst(cp -> cp == '(');
  /**
   * Shapes that parse as phone numbers but are something else: dates ("2024-05-17 10",
   * "26.04.2024"), IPv4 addresses, SSNs (3-2-4), US ZIP+4 codes, decimals and coordinates.
   */
  static final Pattern NOT_A_PHONE = Pattern.compile("^(?:"
      + "(?:19|20)\\d{2}[-./ ]\\d{1,2}[-./ ]\\d{1,2}"
      + "|\\d{1,2}[./-]\\d{1,2}[./-](?:19|20)\\d{2}$"
      + "|\\d{1,3}(?:\\.\\d{1,3}){3}$"
      + "|\\d{3}[- ]\\d{2}[- ]\\d{4}$"
      + "|\\d{5}-\\d{4}$"
      + "|\\d+\\.\\d+$)");
  /** An IBAN's first blocks just before a candidate: the candidate is the rest of the account number. */
  private static final Pattern IBAN_BEFORE = Pattern.compile("[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4})* ?$");

  /** A candidate with fewer than {@link #MIN_DIGITS} digits is no phone number: windows with fewer are not searched. */
  private static final int MIN_DIGITS = 7;
  /**
   * And windows where no candidate can begin: every one starts with a digit, "+" or "(" at the
   * window's start or after a character outside {@code [\w+/.:-]} (an invoice number's
   * "INV-2024-0311" is not searched).
   */
  private static final Anchors PHONE_NUMBERS = StructuredEntities.NUMBERS.withAtLeast(MIN_DIGITS, "0-9")
      .where(WindowChecks.startAfter("0-9+(", "A-Za-z0-9_+/.:-"));

  static final Context CONTEXT = new Context(
      List.of("phone", "call", "tel", "telephone", "mobile", "cell", "fax", "reach me", "text me", "whatsapp",
          "contact", "dial", "landline", "number is", "teléfono", "telefono", "telefon", "téléphone", "handy",
          "móvil", "portable", "mobil", "festnetz"),
      List.of("order", "invoice", "tracking", "ticket", "ref", "reference", "sku", "serial", "part", "build",
          "version", "account", "po", "zip", "isbn", "id", "case", "transaction", "amount", "total", "lottery",
          "odds", "coordinates", "postcode", "postal code"));

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

  @Override
  public String name() {
    return "libphonenumber";
  }

  @Override
  public Set<String> types() {
    return Set.of(TYPE);
  }

  @Override
  public void detect(String text, List<Detection> out) {
    detect(new TextMemo(text), out);
  }

  @Override
  public void detect(TextMemo memo, List<Detection> out) {
    String text = memo.text();
    Finds.each(CANDIDATE, memo, PHONE_NUMBERS, CANDIDATE_BOUNDS, (start, end) -> {
      String candidate = text.substring(start, end);
      int digits = countDigits(candidate);
      if (digits < MIN_DIGITS || digits > 15 || notAPhone(candidate)
          || ibanBefore(text, start) || digitsBefore(text, start) || digitsAfter(text, end)) {
        return;
      }
      boolean bare = digits == candidate.length() - (candidate.startsWith("+") ? 1 : 0);
      double base = bare && !candidate.startsWith("+") ? BARE : FORMATTED;
      if (base == BARE && !CONTEXT.supported(text, start, end)) {
        return;
      }
      if (valid(candidate)) {
        out.add(new Detection(TYPE, start, end, CONTEXT.score(text, start, end, base), name()));
      }
    });
  }

  /**
   * Whether {@link #NOT_A_PHONE} matches. Each of its shapes begins with a digit, so a candidate
   * beginning with "+" or "(" (every international number) is not searched.
   */
  static boolean notAPhone(String candidate) {
    return isDigit(candidate.charAt(0)) && NOT_A_PHONE.matcher(candidate).find();
  }

  /**
   * Whether the 40 characters before {@code start} end with an IBAN's first blocks
   * ({@link #IBAN_BEFORE}). Every match holds two capitals followed by two digits, so the pattern
   * is only run where those four characters occur: most candidates have none near them.
   */
  private static boolean ibanBefore(String text, int start) {
    int from = Math.max(0, start - 40);
    for (int i = from; i + 4 <= start; i++) {
      if (isUpper(text.charAt(i)) && isUpper(text.charAt(i + 1)) && isDigit(text.charAt(i + 2))
          && isDigit(text.charAt(i + 3))) {
        return IBAN_BEFORE.matcher(text.substring(from, start)).find();
      }
    }
    return false;
  }

  /**
   * A digit right before a candidate, or one of " .-" between it and a digit (the regex
   * {@code \d[ .-]?$} on the two characters before it): it is a piece of a longer number (a
   * card, an account).
   */
  private static boolean digitsBefore(String text, int start) {
    return (start >= 1 && isDigit(text.charAt(start - 1)))
        || (start >= 2 && isJoiner(text.charAt(start - 1)) && isDigit(text.charAt(start - 2)));
  }

  /** The same after a candidate ({@code ^[ .-]?\d} on the two characters after it). */
  private static boolean digitsAfter(String text, int end) {
    int n = text.length();
    return (end < n && isDigit(text.charAt(end)))
        || (end + 1 < n && isJoiner(text.charAt(end)) && isDigit(text.charAt(end + 1)));
  }

  /** RE2's {@code \d}: ASCII digits only. */
  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isJoiner(char c) {
    return c == ' ' || c == '.' || c == '-';
  }

  private boolean valid(String candidate) {
    try {
      if (candidate.startsWith("+")) {
        // with a country code the shape is evidence enough: fictional and newly assigned ranges count
        return util.isPossibleNumber(util.parse(candidate, "ZZ"));
      }
      for (String region : REGIONS) {
        if (util.isValidNumber(util.parse(candidate, region))) {
          return true;
        }
      }
    } catch (NumberParseException e) {
      return false;
    }
    return false;
  }

  private static int countDigits(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        n++;
      }
    }
    return n;
  }
}
