package dev.warden.bench;

import dev.warden.dsl.model.Enums;
import dev.warden.engine.eval.Decision;
import dev.warden.engine.eval.Evaluator;
import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.eval.RequestInput;
import dev.warden.engine.facts.RequestFacts;
import dev.warden.engine.snapshot.PolicySnapshot;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The decision for all shipped packs together, detection excluded: facts are prepared once per
 * request shape, then each call opens a Drools session, fires the rules and combines the
 * decision. Sample mode, so JMH prints the median (p0.50) and p0.99. One thread (one core).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Thread)
public class DecisionBenchmark {
  private PolicySnapshot snapshot;
  private Evaluator evaluator;
  private final List<RequestFacts> facts = new ArrayList<>();
  private final List<Set<String>> detected = new ArrayList<>();
  private final List<String> models = new ArrayList<>();
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    snapshot = Shipped.snapshot();
    evaluator = Shipped.evaluator();
    for (RequestInput in : Shipped.requests()) {
      RequestEvaluation r = evaluator.request(snapshot, in);
      facts.add(r.facts());
      Set<String> types = new LinkedHashSet<>();
      r.detections().forEach(ds -> ds.forEach(d -> types.add(d.type())));
      detected.add(types);
      models.add(in.request().model());
    }
  }

  @Benchmark
  public Decision decideAllShippedPacks() {
    int i = next;
    next = (next + 1) % facts.size();
    return evaluator.decide(snapshot, facts.get(i), Enums.Phase.REQUEST, detected.get(i), models.get(i), Set.of());
  }
}
