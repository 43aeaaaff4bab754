package dev.warden.bench;

import dev.warden.engine.text.TokenCounter;
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
 * {@code prompt.tokens} of one prompt with the gateway's cl100k counter, its words' cache warm as
 * in a gateway that has seen such prompts: the load benchmark's chat-1k.json prompt (system and
 * user message joined, 1.1 KB of English prose) and 1 KB of {@link Prompts#mixed} (prose, log
 * lines and code). Average time per prompt, one thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class TokenCountBenchmark {
  @Param({"chat1k", "mixed1k"})
  public String prompt;

  private String text;
  private TokenCounter counter;

  @Setup
  public void setUp() {
    text = switch (prompt) {
      case "chat1k" -> "You are a helpful customer-care assistant.\n" + RoutingRequestBenchmark.USER;
      case "mixed1k" -> Prompts.mixed(1024);
      default -> throw new IllegalArgumentException("unknown prompt " + prompt);
    };
    counter = TokenCounter.cl100k();
  }

  @Benchmark
  public int count() {
    return counter.count(text);
  }
}
