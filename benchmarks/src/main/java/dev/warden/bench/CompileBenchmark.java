package dev.warden.bench;

import dev.warden.dsl.source.SourceFile;
import dev.warden.engine.snapshot.SnapshotBuilder;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compiling and building a generated 1,000-rule pack: parse, check, analyse, emit DRL, build
 * the Drools KieBase, prepare detectors. Single-shot: each measurement is one whole build.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class CompileBenchmark {
  private final SourceFile pack = new SourceFile("generated/big.policy", GeneratedPack.text(1000));

  @Benchmark
  public Object compileAndBuild1000Rules() {
    SnapshotBuilder.Result r = SnapshotBuilder.build(List.of(pack), Optional.empty(), Clock.systemUTC());
    if (!r.ok()) {
      throw new IllegalStateException(r.diagnostics().toString());
    }
    return r.snapshot().get();
  }
}
