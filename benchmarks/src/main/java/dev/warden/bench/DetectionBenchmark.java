package dev.warden.bench;

import dev.warden.engine.detect.DetectorSuite;
import dev.warden.engine.detect.Detectors;
import dev.warden.engine.detect.TextScanner;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Every detector together on one prompt: structured PII, secrets, names (NER), injection and
 * content safety, as {@code warden scan} runs them. Sample mode gives the median and p99; one
 * thread (one core). The prompts mix ordinary prose with a few entities, as real ones do.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Thread)
public class DetectionBenchmark {
  @Param({"1024", "32768"})
  public int size;

  private TextScanner scanner;
  private String prompt;

  @Setup(Level.Trial)
  public void setUp() {
    scanner = new TextScanner(DetectorSuite.all(Map.of(), Detectors.standard()));
    prompt = Prompts.mixed(size);
  }

  @Benchmark
  public Object allDetectors() {
    return scanner.scan(prompt, false);
  }
}
