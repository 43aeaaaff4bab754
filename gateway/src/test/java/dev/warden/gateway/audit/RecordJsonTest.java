package dev.warden.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.dsl.source.SourceFile;
import dev.warden.engine.catalog.ModelCatalog;
import dev.warden.engine.eval.ChatMessage;
import dev.warden.engine.eval.Evaluator;
import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.eval.RequestInput;
import dev.warden.engine.facts.Budgets;
import dev.warden.engine.facts.Principal;
import dev.warden.engine.facts.RequestInfo;
import dev.warden.engine.redact.Redactor;
import dev.warden.engine.snapshot.PolicySnapshot;
import dev.warden.engine.snapshot.SnapshotBuilder;
import dev.warden.engine.text.TokenCounter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a record keeps of the texts the rules wrote: canonical, and without the request's raw values. */
class RecordJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** One rule whose action text holds an address, one with plain texts (and one with non-ASCII). */
  private static final String POLICY = """
      pack "p" version "1.0.0"
      rule "tag-all" {
        when request.model == "gpt-4o"
        then tag "seen" = "caf\u00e9 \uD83D\uDE00 \\"q\\""
      }
      rule "mention-ann" {
        when prompt.text contains "ann"
        then warn "write to ann.lee@example.org instead"
      }
      """;

  @Test
  void aRuleWhoseTextsHoldAnAddressTheRequestSentIsLoggedWithoutIt() throws Exception {
    SnapshotBuilder.Result built = SnapshotBuilder.build(List.of(new SourceFile("p.policy", POLICY)), Optional.empty(),
        Clock.systemUTC());
    assertTrue(built.ok(), built.diagnostics()::toString);
    PolicySnapshot snapshot = built.snapshot().orElseThrow();
    Evaluator evaluator = new Evaluator(ModelCatalog.defaults(), new Redactor(AuditFixtures.KEY), TokenCounter.cl100k(),
        m -> OptionalDouble.empty());
    RequestRecord record = record(evaluator.request(snapshot, input("hi ann, mail ann.lee@example.org please")));
    RecordJson json = new RecordJson(new AuditContent(new Redactor(AuditFixtures.KEY), true));

    byte[] line = json.render(record, 1, Chain.GENESIS);
    assertArrayEquals(Canonical.bytes(JSON.readTree(line)), line, "canonical");

    JsonNode decision = JSON.readTree(line).path("decision").path("request");
    JsonNode fired = decision.path("fired");
    assertEquals(2, fired.size(), fired::toString);
    String text = fired.toString();
    assertFalse(text.contains("ann.lee@example.org"), () -> "an address in a rule's action reached the log: " + text);
    assertTrue(text.contains("[EMAIL]"), text);
    assertTrue(text.contains("caf\u00e9 \uD83D\uDE00"), text);
    String warnings = decision.path("warnings").toString();
    assertFalse(warnings.contains("ann.lee@example.org"), warnings);
    assertTrue(warnings.contains("[EMAIL]"), warnings);
  }

  private static RequestInput input(String prompt) {
    return new RequestInput(new Principal("k", "u", "t", "acme", "app", "us", "dev", List.of()), Set.of(),
        new RequestInfo("gpt-4o", "chat", false, 0, Map.of()), List.of(new ChatMessage("user", prompt)), Budgets.NONE,
        ZonedDateTime.parse("2026-11-23T10:00:00Z"), Map.of());
  }

  private static RequestRecord record(RequestEvaluation e) {
    RequestRecord r = new RequestRecord("req_test", Instant.parse("2026-11-23T10:00:00Z"), System.nanoTime(),
        "/v1/chat/completions");
    r.endpoint("chat");
    r.decided(e, List.of("gpt-4o"));
    r.served("gpt-4o", "ok", false);
    r.status(200);
    r.freeze(System.nanoTime());
    return r;
  }
}
