package dev.warden.engine.detect;

import java.math.BigInteger;
import java.util.Map;

/** Checksums that separate real identifiers from look-alikes: Luhn (cards) and ISO 13616 mod-97 (IBAN). */
public final class Validators {
  private Validators() {}

  /** Luhn over the digits of {@code s} (other characters ignored); needs at least 2 digits. */
  public static boolean luhn(String s) {
    int sum = 0;
    int n = 0;
    for (int i = s.length() - 1; i >= 0; i--) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if (n % 2 == 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      n++;
    }
    return n >= 2 && sum % 10 == 0;
  }

  /** IBAN lengths by country (ISO 13616 registry). */
  private static final Map<String, Integer> IBAN_LENGTH = Map.ofEntries(
      Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
      Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BR", 29),
      Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22),
      Map.entry("DK", 18), Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24),
      Map.entry("FI", 18), Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GE", 22),
      Map.entry("GI", 23), Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28), Map.entry("HR", 21),
      Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IS", 26), Map.entry("IT", 27),
      Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20), Map.entry("LB", 28), Map.entry("LI", 21),
      Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MD", 24),
      Map.entry("ME", 22), Map.entry("MK", 19), Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30),
      Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PK", 24), Map.entry("PL", 28), Map.entry("PS", 29),
      Map.entry("PT", 25), Map.entry("QA", 29), Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("SA", 24),
      Map.entry("SE", 24), Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("TN", 24),
      Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VG", 24), Map.entry("XK", 20));

  /** ISO 13616: known country, its length, and the mod-97 check; spaces ignored. */
  public static boolean iban(String s) {
    String compact = s.replace(" ", "").toUpperCase(java.util.Locale.ROOT);
    if (compact.length() < 15 || compact.length() > 34) {
      return false;
    }
    Integer len = IBAN_LENGTH.get(compact.substring(0, 2));
    if (len == null || len != compact.length()) {
      return false;
    }
    String rearranged = compact.substring(4) + compact.substring(0, 4);
    StringBuilder digits = new StringBuilder(rearranged.length() * 2);
    for (char c : rearranged.toCharArray()) {
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (c >= 'A' && c <= 'Z') {
        digits.append(c - 'A' + 10);
      } else {
        return false;
      }
    }
    return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
  }
}
