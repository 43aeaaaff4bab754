package dev.warden.bench;

import dev.warden.engine.text.Overlap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code response.system_overlap} as {@code Evaluator.response} computes it on every answer:
 * "loadbench" is the load benchmark's system prompt and mock answer; "long" a 1 KB system prompt
 * of {@link Prompts#mixed} against a 1 KB answer that quotes a third of it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class OverlapBenchmark {
  private static final String ANSWER = "Here is a short summary of the ticket: the customer was charged twice for "
      + "the same order and asks for a refund of the second payment. Suggested reply: apologise, confirm the refund "
      + "and give the expected date.";

  @Param({"loadbench", "long"})
  public String texts;

  private String system;
  private String answer;

  @Setup
  public void setUp() {
    switch (texts) {
      case "loadbench" -> {
        system = "You are a helpful customer-care assistant.";
        answer = ANSWER;
      }
      case "long" -> {
        system = Prompts.mixed(1024);
        answer = (ANSWER + " " + system.substring(300, 640) + " " + ANSWER.repeat(4)).substring(0, 1024);
      }
      default -> throw new IllegalArgumentException("unknown texts " + texts);
    }
  }

  @Benchmark
  public double share() {
    return Overlap.share(system, answer);
  }
}
