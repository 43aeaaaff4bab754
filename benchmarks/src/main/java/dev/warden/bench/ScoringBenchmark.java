package dev.warden.bench;

import dev.warden.engine.detect.Detection;
import dev.warden.engine.detect.TextViews;
import dev.warden.engine.detect.injection.InjectionDetector;
import dev.warden.engine.detect.ner.NerDetector;
import dev.warden.engine.detect.safety.SafetyDetector;
import java.util.ArrayList;
import java.util.List;
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
 * What the every-detector gateway spends per request on the model-backed detectors, as it spends
 * it: {@code scores} makes a request's {@link TextViews} afresh (Unicode fold, classifier tokens
 * and windows) and scores injection and safety on them; {@code answerSafety} scores an answer's
 * safety on fresh views; {@code names} runs NER. Unlike {@link EvidenceBenchmark}, the shared
 * views are paid for here, once per text, as on a request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Thread)
public class ScoringBenchmark {
  @Param({"mixed", "attack"})
  public String prompt;

  @Param({"1024"})
  public int size;

  private InjectionDetector injection;
  private SafetyDetector safety;
  private NerDetector ner;
  private String text;

  @Setup(Level.Trial)
  public void setUp() {
    injection = InjectionDetector.load();
    safety = SafetyDetector.load();
    ner = NerDetector.load();
    text = prompt.equals("attack") ? EvidenceBenchmark.attack(size) : Prompts.mixed(size);
  }

  @Benchmark
  public Object scores() {
    TextViews views = TextViews.of(text);
    return List.of(injection.score(views), safety.score(views));
  }

  @Benchmark
  public Object answerSafety() {
    return safety.score(TextViews.of(text));
  }

  @Benchmark
  public Object names() {
    List<Detection> out = new ArrayList<>();
    ner.detect(text, out);
    return out;
  }
}
