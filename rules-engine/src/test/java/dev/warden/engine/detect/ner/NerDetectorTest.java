package dev.warden.engine.detect.ner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.engine.detect.Detection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The NER detector on hard negatives one by one, on clear names, on odd input and under
 * concurrent use. Its precision, recall and F1 on {@code eval/ner.jsonl} (sentences with names
 * and phrasings the training corpus does not have) are held by DetectorQualityTest.
 */
class NerDetectorTest {
  private static final NerDetector NER = NerDetector.load();
  private static final double THRESHOLD = 0.5;
  private static final double MIN_F1 = 0.80;
  private static final Path EVAL = Path.of("src/test/resources/eval/ner.jsonl");

  /** One labelled span, offsets in code points. */
  record Span(String type, int start, int end) {
  }

  record Example(String text, List<Span> entities) {
  }

  static List<Example> examples() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Example> out = new ArrayList<>();
    for (String line : Files.readAllLines(EVAL, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode n = json.readTree(line);
      List<Span> spans = new ArrayList<>();
      for (JsonNode e : n.get("entities")) {
        spans.add(new Span(e.get("type").asText(), e.get("start").asInt(), e.get("end").asInt()));
      }
      out.add(new Example(n.get("text").asText(), spans));
    }
    return out;
  }

  /** What the detector finds at the default threshold, offsets converted to code points. */
  static List<Span> found(String text) {
    List<Detection> out = new ArrayList<>();
    NER.detect(text, out);
    return out.stream().filter(d -> d.score() >= THRESHOLD)
        .map(d -> new Span(d.type(), text.codePointCount(0, d.start()), text.codePointCount(0, d.end()))).toList();
  }

  @TestFactory
  Stream<DynamicTest> hardNegativesAreNotNames() {
    return Stream.of(
        "Order #ORD-884213 was shipped on 2025-03-14T09:21:07Z.",
        "Please upgrade to version 4.12.0-rc1 before Monday.",
        "2025-06-01 12:00:03,118 ERROR [pool-3-thread-7] c.w.BillingJob - Retry 3/5 failed",
        "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709 matches the release tarball.",
        "Call CustomerRepository.findByEmail() from the AccountService class.",
        "Please send the numbers by Friday. Thanks!",
        "Monday, Tuesday and Wednesday are fully booked.",
        "The Report is due in March, not in May.",
        "We stock the Ergonomic Desk, the Glass Lamp and the Walnut Shelf.",
        "The Quick Brown Fox Jumps Over The Lazy Dog.",
        "Thanks, and Happy New Year!",
        "Status: Open. Priority: High. Assignee: Unassigned.",
        "HTTP/1.1 404 Not Found Content-Type: application/json",
        "Run npm install and then npm run Build.",
        "My Kubernetes pod keeps crashing with OOMKilled, what should I check?",
        "Generate unit tests for the UserService class using JUnit and Mockito.",
        "Is Rust faster than Go for web servers?",
        "Sincerely,")
        .map(text -> DynamicTest.dynamicTest(text, () -> {
          List<Span> names = found(text).stream().filter(s -> s.type().equals("PERSON")).toList();
          assertEquals(List.of(), names, "PERSON in: " + text);
        }));
  }

  @Test
  void monthsAndWeekdaysAreNeverPeopleOrPlaces() {
    for (String word : List.of("January", "March", "May", "June", "August", "Monday", "Friday", "Sunday")) {
      for (String text : List.of(word + " works for me.", "See you on " + word + ".", "Born in " + word + ", she said.",
          word.toUpperCase(Locale.ROOT) + " IS FINE")) {
        List<Detection> out = new ArrayList<>();
        NER.detect(text, out);
        assertTrue(out.stream().noneMatch(d -> text.substring(d.start(), d.end()).equalsIgnoreCase(word)),
            word + " became a name in: " + text + " " + out);
      }
    }
  }

  @Test
  void findsClearNamesWithMeaningfulScores() {
    String text = "Dr. Amara Okafor from Halvorsen Shipping AS met Jonas Lindqvist in Bergen on Tuesday.";
    List<Detection> out = new ArrayList<>();
    NER.detect(text, out);
    Map<String, String> byText = new TreeMap<>();
    for (Detection d : out) {
      assertTrue(d.score() >= 0 && d.score() <= 1);
      if (d.score() >= THRESHOLD) {
        byText.put(text.substring(d.start(), d.end()), d.type());
      }
    }
    assertEquals(Map.of("Amara Okafor", "PERSON", "Halvorsen Shipping AS", "ORGANIZATION", "Jonas Lindqvist", "PERSON",
        "Bergen", "LOCATION"), byText);
  }

  @Test
  void offsetsAreCharsOfTheTextEvenAfterEmoji() {
    String text = "\uD83C\uDF89\uD83C\uDF89 Welcome Ngozi Adichie to Lagos!";
    List<Detection> out = new ArrayList<>();
    NER.detect(text, out);
    List<String> names = out.stream().filter(d -> d.score() >= THRESHOLD).map(d -> text.substring(d.start(), d.end()))
        .toList();
    assertEquals(List.of("Ngozi Adichie", "Lagos"), names);
  }

  @Test
  void emptyAndOddInputsAreSafe() {
    for (String text : List.of("", " ", "\n\n", "....", "A", "'s", "Mr.", "&", "\uD83D\uDE00", "X".repeat(10_000))) {
      List<Detection> out = new ArrayList<>();
      NER.detect(text, out);
      assertTrue(out.stream().allMatch(d -> d.end() <= text.length()));
    }
  }

  @Test
  void concurrentCallsGiveTheSameAnswers() throws Exception {
    List<String> texts = examples().stream().map(Example::text).toList();
    Map<String, List<Detection>> expected = new TreeMap<>();
    for (String t : texts) {
      List<Detection> out = new ArrayList<>();
      NER.detect(t, out);
      expected.put(t, out);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int k = 0; k < 8; k++) {
        int offset = k;
        results.add(pool.submit(() -> {
          for (int i = 0; i < texts.size(); i++) {
            String t = texts.get((i + offset * 37) % texts.size());
            List<Detection> out = new ArrayList<>();
            NER.detect(t, out);
            if (!out.equals(expected.get(t))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> r : results) {
        assertTrue(r.get(), "a concurrent call disagreed with the sequential one");
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
