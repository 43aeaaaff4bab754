package dev.warden.engine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Each row of src/test/resources/detect/labelled.tsv is a test: what the built-in detectors must (not) find. */
class LabelledDetectionTest {
  private static final DetectorSuite SUITE = DetectorSuite.all(Map.of(), Detectors.none());

  @TestFactory
  Stream<DynamicTest> rows() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("src/test/resources/detect/labelled.tsv"), StandardCharsets.UTF_8);
    return lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).map(line -> {
      String[] cols = line.split("\t", 3);
      String type = cols[0];
      List<String> expected = cols[1].equals("-") ? List.of() : Arrays.asList(cols[1].split("\\|"));
      String text = cols[2];
      return DynamicTest.dynamicTest(type + ": " + text, () -> {
        List<String> found = SUITE.scan(text).stream().filter(d -> d.type().equals(type)).filter(SUITE::passes)
            .map(d -> text.substring(d.start(), d.end())).toList();
        assertEquals(expected, found, "in: " + text);
      });
    });
  }

  @TestFactory
  Stream<DynamicTest> privateKeyBlock() {
    String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\n"
        + "aNmYgKzTP5nQjXq6kNvG3m7Jy9O9s0ZSe7nR2r5bXo7V5Yk1P2C9W0E=\n-----END RSA PRIVATE KEY-----";
    return Stream.of(DynamicTest.dynamicTest("a PEM block is one PRIVATE_KEY", () -> assertEquals(
        List.of(pem), SUITE.scan("key:\n" + pem + "\nthanks").stream().filter(d -> d.type().equals("PRIVATE_KEY"))
            .map(d -> ("key:\n" + pem + "\nthanks").substring(d.start(), d.end())).toList())));
  }
}
