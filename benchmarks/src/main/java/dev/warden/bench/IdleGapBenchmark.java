package dev.warden.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.engine.eval.ChatMessage;
import dev.warden.engine.eval.Evaluator;
import dev.warden.engine.eval.RequestInput;
import dev.warden.engine.facts.Budgets;
import dev.warden.engine.facts.Principal;
import dev.warden.engine.facts.RequestInfo;
import dev.warden.engine.snapshot.PackLoader;
import dev.warden.engine.snapshot.PolicySnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The request side of the load benchmark's every-detector gateway (the shipped packs plus
 * {@code scripts/loadbench.d/every-detector.policy}, on {@code chat-1k.json}: detection and the
 * request rules), timed back to back and after a pause of {@code gapMicros} in which the thread
 * spins on the core. The load benchmark measures latency at 100 requests/s, one every 10 ms:
 * this shows what the same work costs when the caches it left behind have gone cold meanwhile,
 * apart from sockets and threads. The pause is JMH setup, not measured.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 4, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Thread)
public class IdleGapBenchmark {
  @Param({"0", "1000", "10000"})
  public long gapMicros;

  private PolicySnapshot snapshot;
  private Evaluator evaluator;
  private RequestInput input;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path packs = Path.of(System.getProperty("warden.packs", "rule-packs")).toAbsolutePath();
    Path loadbench = packs.getParent().resolve("scripts/loadbench.d");
    Path extra = Files.createTempDirectory("warden-idle-gap");
    Files.copy(loadbench.resolve("every-detector.policy"), extra.resolve("every-detector.policy"));
    PackLoader.Loaded loaded = PackLoader.load(List.of(packs, extra), Optional.empty(), Clock.systemUTC());
    if (!loaded.ok()) {
      throw new IllegalStateException("the packs do not load: " + loaded.diagnostics());
    }
    snapshot = loaded.snapshot().orElseThrow();
    evaluator = Shipped.evaluator();
    JsonNode chat = new ObjectMapper().readTree(loadbench.resolve("chat-1k.json").toFile());
    List<ChatMessage> messages = new ArrayList<>();
    chat.path("messages").forEach(m -> messages.add(new ChatMessage(m.path("role").asText(), m.path("content").asText())));
    input = new RequestInput(new Principal("key-1", "u1", "eng", "acme", "app", "us", "prod", List.of("member")),
        Set.of(), new RequestInfo(chat.path("model").asText(), "chat", false, 0, Map.of()), messages, Budgets.NONE,
        ZonedDateTime.parse("2026-01-05T10:00:00Z"), Map.of());
  }

  @Setup(Level.Invocation)
  public void pause() {
    long until = System.nanoTime() + gapMicros * 1000;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }

  @Benchmark
  public Object requestSide() {
    return evaluator.request(snapshot, input);
  }
}
