package dev.warden.engine.detect;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Detectors never throw on any input and stay linear on hostile input. The timeouts guard
 * against hangs only; speed is measured by the benchmarks.
 */
class DetectorFuzzTest {
  private static final DetectorSuite ALL = DetectorSuite.all(Map.of(), Detectors.none());
  private static final String ALPHABET = "0123456789 -+().:/@_=\"'\n\tabcdefXYZ\u20ac\u00e9\uD83D\uDE00\u200b"
      + "-----BEGIN PRIVATE KEY eyJ AKIA sk- ghp_";

  @Test
  void randomTextNeverThrows() {
    Random random = new Random(11);
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int n = 0; n < 3_000; n++) {
        StringBuilder b = new StringBuilder();
        int len = random.nextInt(300);
        for (int i = 0; i < len; i++) {
          b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        String text = b.toString();
        for (Detection d : ALL.scan(text)) {
          assertTrue(d.end() <= text.length(), () -> d + " beyond the text");
        }
      }
    });
  }

  @Test
  void hostileShapesStayFast() {
    String[] hostile = {
        "1234567890 ".repeat(3_000), "+".repeat(40_000), "a@".repeat(20_000), "1.".repeat(20_000),
        "-----BEGIN RSA PRIVATE KEY-----\n" + "A".repeat(100_000), "eyJ" + "a".repeat(50_000) + ".eyJ" + "b".repeat(50_000),
        "password=" + "x".repeat(100_000), "4111 ".repeat(20_000), "(415) ".repeat(10_000), "::".repeat(30_000)};
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (String h : hostile) {
        ALL.scan(h);
      }
    });
  }
}
