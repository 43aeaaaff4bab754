package dev.warden.engine.detect.injection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.engine.facts.Injection;
import dev.warden.models.guard.HeldOut;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Each row of src/test/resources/detect/injection-signals.tsv: a signal that must (+) or must not (-) be reported. */
class InjectionSignalsTest {
  private static final java.util.regex.Pattern UNICODE_ESCAPE = java.util.regex.Pattern.compile("\\\\u([0-9a-fA-F]{4})");

  @TestFactory
  Stream<DynamicTest> rows() throws IOException {
    InjectionDetector detector = InjectionDetector.load();
    return Files.readAllLines(Path.of("src/test/resources/detect/injection-signals.tsv"), StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#")).map(line -> {
          String[] cols = line.split("\t", 3);
          boolean expected = cols[1].equals("+");
          String text = unescape(cols[2]);
          return DynamicTest.dynamicTest(cols[0] + " " + cols[1] + " " + cols[2], () -> {
            Injection result = detector.score(text);
            assertEquals(expected, result.signals().contains(cols[0]), () -> "signals " + result.signals() + ", score "
                + result.score() + " for: " + text);
          });
        });
  }

  /** \n, \t and \\uXXXX escapes, so that invisible characters stay visible in the file. */
  static String unescape(String s) {
    Matcher m = UNICODE_ESCAPE.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
    }
    m.appendTail(sb);
    return HeldOut.unescape(sb.toString());
  }
}
