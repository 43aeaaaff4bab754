package dev.warden.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.engine.detect.Detection;
import dev.warden.engine.detect.DetectorSuite;
import dev.warden.engine.detect.Detectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The audit log's baseline scan on what one record of the load benchmark holds: the messages of
 * {@code scripts/loadbench.d/chat-1k.json} and the mock upstream's answer, by entity type
 * ({@code SECRETS} is API_KEY, PRIVATE_KEY, JWT and PASSWORD, one detector) and all together
 * ({@code ALL}, what {@code AuditContent} runs). The same detectors run on the request path, so
 * this is also their cost on an ordinary prompt.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class BaselineScanBenchmark {
  /** The mock upstream's default answer (see {@code load.MockUpstream}). */
  static final String ANSWER = "Here is a short summary of the ticket: the customer was charged twice for the same order "
      + "and asks for a refund of the second payment. Suggested reply: apologise, confirm the refund and "
      + "give the expected date.";

  @Param({"ALL", "EMAIL", "PHONE", "CREDIT_CARD", "SSN", "IBAN", "IP_ADDRESS", "SECRETS"})
  public String type;

  private DetectorSuite suite;
  private List<String> texts;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Set<String> types = switch (type) {
      case "ALL" -> Set.of("EMAIL", "PHONE", "CREDIT_CARD", "SSN", "IBAN", "IP_ADDRESS", "API_KEY", "PRIVATE_KEY",
          "JWT", "PASSWORD");
      case "SECRETS" -> Set.of("API_KEY", "PRIVATE_KEY", "JWT", "PASSWORD");
      default -> Set.of(type);
    };
    suite = DetectorSuite.of(types, Detectors.none());
    Path root = Path.of(System.getProperty("warden.packs", "rule-packs"));
    JsonNode body = new ObjectMapper().readTree(
        Files.readAllBytes(root.resolveSibling("scripts/loadbench.d/chat-1k.json")));
    texts = new ArrayList<>();
    body.path("messages").forEach(m -> texts.add(m.path("content").asText()));
    texts.add(ANSWER);
  }

  /** Every text of the record scanned once. */
  @Benchmark
  public int record() {
    int found = 0;
    for (String t : texts) {
      List<Detection> d = suite.scan(t);
      found += d.size();
    }
    return found;
  }
}
