package dev.warden.bench;

import dev.warden.engine.catalog.ModelCatalog;
import dev.warden.engine.eval.ChatMessage;
import dev.warden.engine.eval.Evaluator;
import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.eval.RequestInput;
import dev.warden.engine.facts.Budgets;
import dev.warden.engine.facts.Principal;
import dev.warden.engine.facts.RequestInfo;
import dev.warden.engine.redact.Redactor;
import dev.warden.engine.snapshot.PackLoader;
import dev.warden.engine.snapshot.PolicySnapshot;
import dev.warden.engine.text.TokenCounter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
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
 * The whole request evaluation of the load benchmark's routing-only gateway (budget-guard,
 * model-routing, eu-residency: no detectors): facts, token count, Drools, combining, the
 * redaction pass. The request is scripts/loadbench.d/chat-1k.json's two messages, from a US and
 * an EU caller in turn. Average time per call, one thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Thread)
public class RoutingRequestBenchmark {
  static final String USER = "Hi, I am writing on behalf of our customer Maria Gonzalez about order 48213-B. "
      + "She was charged twice for the same annual subscription on 3 March and asks us to refund the second payment. "
      + "Her contact details are maria.gonzalez@example.com and +1 415 555 0132, and she lives in Portland, Oregon. "
      + "Both charges show the same amount, 129.00 USD, and the same invoice number INV-2024-0311. Our billing logs "
      + "show that the duplicate came from an automatic retry after a payment gateway timeout on the server at "
      + "10.0.12.7. Please draft a short, friendly reply that apologises for the mistake, confirms that the second "
      + "payment will be refunded to the original card within five to seven business days, explains briefly what "
      + "happened in plain words without technical jargon, and tells her that she does not need to do anything "
      + "else. Keep it under 120 words and sign it as the Customer Care team of Northwind Traders. Then suggest one "
      + "internal follow-up for the billing team so that a retry after a timeout can never charge a customer twice "
      + "again, and list the two facts from her ticket that the refund request depends on.";

  private PolicySnapshot snapshot;
  private Evaluator evaluator;
  private List<RequestInput> inputs;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    Path packs = Path.of(System.getProperty("warden.packs", "rule-packs"));
    PackLoader.Loaded loaded = PackLoader.load(List.of(packs.resolve("budget-guard"), packs.resolve("model-routing"),
        packs.resolve("eu-residency")), Optional.empty(), Clock.systemUTC());
    if (!loaded.ok()) {
      throw new IllegalStateException("the routing packs do not load: " + loaded.diagnostics());
    }
    snapshot = loaded.snapshot().get();
    evaluator = new Evaluator(ModelCatalog.defaults(), new Redactor(new byte[] {1, 2, 3}), TokenCounter.cl100k(),
        m -> OptionalDouble.empty());
    inputs = List.of(input("us"), input("eu"));
  }

  private static RequestInput input(String region) {
    return new RequestInput(new Principal("key-1", "u1", "eng", "acme", "app", region, "prod", List.of("member")),
        Set.of(), new RequestInfo("gpt-4o", "chat", false, 512, Map.of()),
        List.of(new ChatMessage("system", "You are a helpful customer-care assistant."), new ChatMessage("user", USER)),
        Budgets.NONE, ZonedDateTime.now(), Map.of());
  }

  @Benchmark
  public RequestEvaluation routingOnlyRequest() {
    RequestInput in = inputs.get(next);
    next = (next + 1) % inputs.size();
    return evaluator.request(snapshot, in);
  }
}
