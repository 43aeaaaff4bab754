package dev.warden.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.dsl.source.SourceCollector;
import dev.warden.dsl.source.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The DRL of every emitter golden case is also built by Drools, so a golden can never hold DRL Drools rejects. */
class EmitGoldensBuildTest {
  private static final Path EMIT = Path.of("..", "dsl", "src", "test", "resources", "golden", "emit");

  @TestFactory
  Stream<DynamicTest> everyEmitGoldenBuilds() throws Exception {
    try (Stream<Path> cases = Files.list(EMIT)) {
      List<Path> policies = cases.filter(p -> p.toString().endsWith(".policy")).sorted().toList();
      assertTrue(policies.size() >= 3);
      return policies.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
        List<SourceFile> sources = SourceCollector.collect(List.of(p)).policies();
        SnapshotBuilder.Result r = SnapshotBuilder.build(sources, Optional.empty(), Clock.systemUTC());
        assertTrue(r.ok(), r.diagnostics()::toString);
      }));
    }
  }
}
