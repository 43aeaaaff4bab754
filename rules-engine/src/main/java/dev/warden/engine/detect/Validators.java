package dev.warden.engine.detect;

import org.apache.commons.validator.routines.CreditCardValidator;
import org.apache.commons.validator.routines.IBANValidator;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/**
 * Checksums that separate real identifiers from look-alikes, from Apache Commons Validator:
 * Luhn, payment cards (issuer prefix, length and Luhn) and IBANs (country, length, mod-97).
 */
public final class Validators {
  private static final CreditCardValidator CARDS = new CreditCardValidator(CreditCardValidator.AMEX
      + CreditCardValidator.VISA + CreditCardValidator.MASTERCARD + CreditCardValidator.DISCOVER
      + CreditCardValidator.DINERS + CreditCardValidator.VPAY);

  private Validators() {}

  /** Luhn over the digits of {@code s} (spaces and dashes ignored); needs at least 2 digits. */
  public static boolean luhn(String s) {
    String digits = digitsOf(s);
    return digits.length() >= 2 && LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(digits);
  }

  /** A payment card number of a known issuer; spaces and dashes ignored. */
  public static boolean card(String s) {
    String digits = digitsOf(s);
    return !sameDigit(digits) && CARDS.isValid(digits);
  }

  /** ISO 13616: known country, its length, and the mod-97 check; spaces ignored, case folded. */
  public static boolean iban(String s) {
    return IBANValidator.getInstance().isValid(s.replace(" ", "").toUpperCase(java.util.Locale.ROOT));
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

  static boolean sameDigit(String d) {
    return !d.isEmpty() && d.chars().allMatch(c -> c == d.charAt(0));
  }
}
