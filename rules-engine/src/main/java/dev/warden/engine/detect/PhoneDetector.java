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

  private static final Pattern CANDIDATE = Pattern.compile(
      "(?:^|[^\\w+/.:-])("
          + "\\+\\d{1,3}(?:[ .-]?\\(?\\d{1,4}\\)?)(?:[ .-]?\\d{2,5}){1,5}"   // +1 415 555 0132, +49 (30) 901820
          + "|\\(\\d{2,5}\\)[ .-]?\\d{2,5}(?:[ .-]\\d{2,5}){0,3}"           // (415) 555-0132
          + "|\\d{2,5}(?:[ .-]\\d{2,5}){0,3}[ .-]\\d{2,8}"                  // 415-555-0132, 089 8384753
          + "|\\+?\\d{8,15}"                                               // 4155550132
          + ")(?:[^\\w/.:-]|[.](?:[^\\w]|$)|$)");
  /**
   * Shapes that parse as phone numbers but are something else: dates ("2024-05-17 10",
   * "26.04.2024"), IPv4 addresses, SSNs (3-2-4), US ZIP+4 codes, decimals and coordinates.
   */
  private static final Pattern NOT_A_PHONE = Pattern.compile("^(?:"
      + "(?:19|20)\\d{2}[-./ ]\\d{1,2}[-./ ]\\d{1,2}"
      + "|\\d{1,2}[./-]\\d{1,2}[./-](?:19|20)\\d{2}$"
      + "|\\d{1,3}(?:\\.\\d{1,3}){3}$"
      + "|\\d{3}[- ]\\d{2}[- ]\\d{4}$"
      + "|\\d{5}-\\d{4}$"
      + "|\\d+\\.\\d+$)");
  /** An IBAN's first blocks just before a candidate: the candidate is the rest of the account number. */
  private static final Pattern IBAN_BEFORE = Pattern.compile("[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4})* ?$");
  /** Digits right before or after a candidate: it is a piece of a longer number (a card, an account). */
  private static final Pattern DIGITS_BEFORE = Pattern.compile("\\d[ .-]?$");
  private static final Pattern DIGITS_AFTER = Pattern.compile("^[ .-]?\\d");

  /** A candidate with fewer than {@link #MIN_DIGITS} digits is no phone number: windows with fewer are not searched. */
  private static final int MIN_DIGITS = 7;
  private static final Anchors PHONE_NUMBERS = StructuredEntities.NUMBERS.withAtLeast(MIN_DIGITS, "0-9");

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
    Finds.each(CANDIDATE, text, PHONE_NUMBERS, (start, end) -> {
      String candidate = text.substring(start, end);
      int digits = countDigits(candidate);
      if (digits < MIN_DIGITS || digits > 15 || NOT_A_PHONE.matcher(candidate).find()
          || IBAN_BEFORE.matcher(text.substring(Math.max(0, start - 40), start)).find()
          || DIGITS_BEFORE.matcher(text.substring(Math.max(0, start - 2), start)).find()
          || DIGITS_AFTER.matcher(text.substring(end, Math.min(text.length(), end + 2))).find()) {
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
