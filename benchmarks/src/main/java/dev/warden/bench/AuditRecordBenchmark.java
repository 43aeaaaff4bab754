package dev.warden.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.engine.catalog.ModelCatalog;
import dev.warden.engine.eval.ChatMessage;
import dev.warden.engine.eval.Evaluator;
import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.eval.RequestInput;
import dev.warden.engine.eval.ResponseInput;
import dev.warden.engine.facts.Budgets;
import dev.warden.engine.facts.Principal;
import dev.warden.engine.facts.RequestInfo;
import dev.warden.engine.redact.Redactor;
import dev.warden.engine.snapshot.PackLoader;
import dev.warden.engine.snapshot.PolicySnapshot;
import dev.warden.engine.text.TokenCounter;
import dev.warden.gateway.audit.AuditContent;
import dev.warden.gateway.audit.Chain;
import dev.warden.gateway.audit.RecordJson;
import dev.warden.gateway.audit.RequestRecord;
import dev.warden.gateway.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
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
 * What the audit writer's thread spends on one record of the load benchmark's request (the
 * 1.1 KB chat request with personal data, and its answer): rendering the record (facts,
 * decisions, content at the redacted level, with or without the baseline scan) and chaining
 * it (canonical JSON and SHA-256). With the routing-only packs nothing was detected, so the
 * baseline scan does all the detection for the content; with every shipped pack it has
 * nothing left to do. None of this is on the request path; it is CPU the writer takes from the
 * two cores the gateway shares.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class AuditRecordBenchmark {
  @Param({"routing", "shipped"})
  public String packs;

  @Param({"true", "false"})
  public boolean baseline;

  private RecordJson json;
  private RequestRecord record;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path root = Path.of(System.getProperty("warden.packs", "rule-packs"));
    List<Path> folders = packs.equals("routing")
        ? List.of(root.resolve("budget-guard"), root.resolve("model-routing"), root.resolve("eu-residency"))
        : List.of(root);
    ModelCatalog catalog = ModelCatalog.defaults();
    PackLoader.Loaded loaded = PackLoader.load(folders, Optional.of(catalog.names()), Clock.systemUTC());
    PolicySnapshot snapshot = loaded.snapshot().orElseThrow(() -> new IllegalStateException(
        loaded.diagnostics().toString()));
    Evaluator evaluator = new Evaluator(catalog, new Redactor(new byte[] {1, 2, 3}), TokenCounter.cl100k(),
        m -> OptionalDouble.empty());
    JsonNode body = new ObjectMapper().readTree(Files.readAllBytes(root.resolveSibling("scripts/loadbench.d/chat-1k.json")));
    List<ChatMessage> messages = new ArrayList<>();
    body.path("messages").forEach(m -> messages.add(new ChatMessage(m.path("role").asText(), m.path("content").asText())));
    RequestInput in = new RequestInput(new Principal("bench", "bench-user", "bench", "acme", "loadbench", "us", "bench",
        List.of("member")), Set.of(), new RequestInfo("gpt-4o", "chat", false, 0, Map.of()), messages, Budgets.NONE,
        ZonedDateTime.parse("2026-11-23T10:00:00Z"), Map.of());
    RequestEvaluation e = evaluator.request(snapshot, in);
    String answer = "Dear Maria, we are sorry: your card was charged twice for the annual subscription. The second"
        + " payment will be refunded to the original card within five to seven business days. Customer Care team.";
    record = new RequestRecord("req_0123456789abcdef01234567", Instant.parse("2026-11-23T10:00:00Z"), System.nanoTime(),
        "/v1/chat/completions");
    record.endpoint("chat");
    record.caller(new GatewayConfig.KeyConfig("bench", "0".repeat(64), "bench-user", "bench", "acme", "loadbench", "us",
        "bench", List.of("member"), List.of()));
    String model = e.decision().routing().chosen().orElseThrow();
    record.decided(e, List.of(model));
    record.served(model, answer, false);
    if (snapshot.program().rules().stream().anyMatch(r -> r.phase() == dev.warden.dsl.model.Enums.Phase.RESPONSE)) {
      ResponseInput ri = new ResponseInput(answer, "stop", model, OptionalInt.empty(), Map.of());
      record.checked(ri, evaluator.response(e, ri));
    }
    record.usage(300, 60, false);
    record.freeze(System.nanoTime());
    json = new RecordJson(new AuditContent(new Redactor(new byte[] {1, 2, 3}), baseline));
  }

  /** Render the record and chain it: the writer's work per record before the write itself. */
  @Benchmark
  public Chain.Line renderAndChain() {
    return Chain.line(json.render(record, 1, Chain.GENESIS));
  }
}
