package dev.warden.engine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A window check only skips windows that cannot hold a match: searching the number-like runs
 * with and without {@link WindowChecks#startAfter} finds the same matches of the card, SSN, IPv4
 * and phone patterns, on random texts of digits glued to letters, dashes, dots, plus signs,
 * parentheses, underscores and non-ASCII characters (Arabic-Indic digits, accented letters).
 */
class WindowChecksTest {
  private static final String ALPHABET = "0123456789012345678901234567890123456789 ./()+-_:,@aZx\u00e9\u0660\u00a0";

  private record Case(String name, Pattern pattern, Anchors.Check check) {}

  private static Pattern structured(String type, int index) {
    return StructuredEntities.compile(StructuredEntities.SPECS.stream().filter(s -> s.type().equals(type))
        .findFirst().orElseThrow()).get(index);
  }

  private static List<Integer> finds(Pattern p, String text, Anchors anchors) {
    List<Integer> out = new ArrayList<>();
    Finds.each(p, new TextMemo(text), anchors, (s, e) -> {
      out.add(s);
      out.add(e);
    });
    return out;
  }

  @Test
  void startAfterDropsNoWindowHoldingAMatch() {
    List<Case> cases = List.of(
        new Case("card", structured("CREDIT_CARD", 0), WindowChecks.startAfter("0-9", "A-Za-z0-9_-")),
        new Case("ssn dashed", structured("SSN", 0), WindowChecks.startAfter("0-9", "A-Za-z0-9_-")),
        new Case("ssn spaced", structured("SSN", 1), WindowChecks.startAfter("0-9", "A-Za-z0-9_-")),
        new Case("ipv4", structured("IP_ADDRESS", 0), WindowChecks.startAfter("0-9", "A-Za-z0-9_.")),
        new Case("phone", PhoneDetector.CANDIDATE, WindowChecks.startAfter("0-9+(", "A-Za-z0-9_+/.:-")));
    Random random = new Random(5);
    int matched = 0;
    for (int t = 0; t < 4000; t++) {
      StringBuilder sb = new StringBuilder();
      int length = 1 + random.nextInt(70);
      for (int i = 0; i < length; i++) {
        sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      String text = sb.toString();
      for (Case c : cases) {
        List<Integer> all = finds(c.pattern(), text, StructuredEntities.NUMBERS);
        assertEquals(all, finds(c.pattern(), text, StructuredEntities.NUMBERS.where(c.check())), c.name() + ": " + text);
        matched += all.isEmpty() ? 0 : 1;
      }
    }
    assertTrue(matched > 1000, "the random texts hold matches to lose: " + matched);
  }

  /** The shapes that are not phone numbers are only looked for in candidates that begin with a digit, and none is lost. */
  @Test
  void notAPhoneOnlyMatchesCandidatesBeginningWithADigit() {
    Random random = new Random(17);
    String alphabet = "0123456789012345678901234567890123456789 ./-+()";
    int shapes = 0;
    for (int t = 0; t < 20000; t++) {
      StringBuilder sb = new StringBuilder();
      int length = 1 + random.nextInt(20);
      for (int i = 0; i < length; i++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String candidate = sb.toString();
      boolean expected = PhoneDetector.NOT_A_PHONE.matcher(candidate).find();
      assertEquals(expected, PhoneDetector.notAPhone(candidate), candidate);
      shapes += expected ? 1 : 0;
    }
    assertTrue(shapes > 100, "the random candidates hold the shapes: " + shapes);
    assertTrue(PhoneDetector.notAPhone("2024-05-17 10"));
    assertFalse(PhoneDetector.notAPhone("+1 415 555 0132"));
  }

  @Test
  void startAfterSkipsNumbersGluedToWhatThePatternExcludes() {
    Anchors.Check phone = WindowChecks.startAfter("0-9+(", "A-Za-z0-9_+/.:-");
    String invoice = "invoice INV-2024-0311.";
    assertFalse(phone.passes(invoice, invoice.indexOf("V-"), invoice.length()));
    String call = "call +1 415 555 0132";
    assertTrue(phone.passes(call, call.indexOf(" +"), call.length()));
    assertTrue(phone.passes(call, call.indexOf("+"), call.length()), "the window's start is a boundary");
    String arabic = "\u0627\u0644\u0631\u0642\u0645 4155550132";
    assertTrue(phone.passes(arabic, 0, arabic.length()), "a non-ASCII character is outside the boundary class");
  }
}
