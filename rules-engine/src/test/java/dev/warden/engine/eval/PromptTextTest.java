package dev.warden.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.dsl.source.SourceFile;
import dev.warden.engine.catalog.ModelCatalog;
import dev.warden.engine.detect.Detection;
import dev.warden.engine.detect.DetectorSuite;
import dev.warden.engine.facts.Budgets;
import dev.warden.engine.facts.Principal;
import dev.warden.engine.facts.RequestFacts;
import dev.warden.engine.facts.RequestInfo;
import dev.warden.engine.redact.Redactor;
import dev.warden.engine.snapshot.PolicySnapshot;
import dev.warden.engine.snapshot.SnapshotBuilder;
import dev.warden.engine.text.TokenCounter;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code prompt.text} and {@code system.text} are the messages joined by newlines as they were
 * first made (a newline before each text once the joined text is not empty, so leading empty
 * messages leave no newline), and each detection sits at its message's place in them; and a
 * request whose rules redact nothing is sent as it came.
 */
class PromptTextTest {
  private static final PolicySnapshot SNAPSHOT = build("""
      pack "p" version "1.0.0"
      rule "mail" {
        when prompt contains EMAIL and principal.team == "redact"
        then redact EMAIL
      }
      """);
  private static final String[] ROLES = {"system", "user", "developer", "assistant", "tool"};
  private static final String[] CONTENTS = {"", "", "a", "Be brief.", "mail ann@example.com", "x b@c.org y\nz", "\n"};

  @Test
  void randomConversationsJoinAsBefore() {
    Evaluator evaluator = new Evaluator(ModelCatalog.defaults(), new Redactor(new byte[] {1}), TokenCounter.cl100k(),
        m -> OptionalDouble.empty());
    Random random = new Random(5);
    int detected = 0;
    for (int k = 0; k < 3_000; k++) {
      List<ChatMessage> messages = new ArrayList<>();
      for (int n = random.nextInt(6); n > 0; n--) {
        messages.add(new ChatMessage(ROLES[random.nextInt(ROLES.length)], CONTENTS[random.nextInt(CONTENTS.length)],
            random.nextInt(5) == 0));
      }
      boolean redact = random.nextBoolean();
      RequestInput in = new RequestInput(new Principal("", "", redact ? "redact" : "t", "", "", "", "", List.of()),
          Set.of(), new RequestInfo("gpt-4o", "chat", false, 0, Map.of()), messages, Budgets.NONE, ZonedDateTime.now(),
          Map.of());
      RequestEvaluation e = evaluator.request(SNAPSHOT, in);
      RequestFacts f = e.facts();
      Expected x = expected(SNAPSHOT.detectors(), messages);
      assertEquals(x.prompt.toString(), f.getPrompt().getText(), messages::toString);
      assertEquals(x.system.toString(), f.getSystem().getText(), messages::toString);
      assertEquals(x.promptDetections, f.getPrompt().getDetections(), messages::toString);
      assertEquals(x.systemDetections, f.getSystem().getDetections(), messages::toString);
      detected += x.promptDetections.size();
      if (!redact || x.promptDetections.isEmpty()) {
        assertEquals(messages, e.redactedMessages());
        assertEquals(messages.stream().map(m -> List.of()).toList(), e.applied());
      } else {
        assertTrue(e.redactedPrompt().contains("[EMAIL]"), e::redactedPrompt);
      }
    }
    assertTrue(detected > 1_000, "conversations with entities were tried: " + detected);
  }

  private record Expected(StringBuilder prompt, StringBuilder system, List<Detection> promptDetections,
      List<Detection> systemDetections) {}

  /** The texts and detections as Evaluator.request first made them. */
  private static Expected expected(DetectorSuite suite, List<ChatMessage> messages) {
    Expected x = new Expected(new StringBuilder(), new StringBuilder(), new ArrayList<>(), new ArrayList<>());
    for (ChatMessage m : messages) {
      List<Detection> found = suite.scan(m.content());
      if (!x.prompt.isEmpty()) {
        x.prompt.append('\n');
      }
      int at = x.prompt.length();
      x.prompt.append(m.content());
      found.forEach(d -> x.promptDetections.add(d.shifted(at)));
      if (m.isSystem()) {
        if (!x.system.isEmpty()) {
          x.system.append('\n');
        }
        int sat = x.system.length();
        x.system.append(m.content());
        found.forEach(d -> x.systemDetections.add(d.shifted(sat)));
      }
    }
    return x;
  }

  private static PolicySnapshot build(String policy) {
    SnapshotBuilder.Result r = SnapshotBuilder.build(List.of(new SourceFile("p.policy", policy)), Optional.empty(),
        Clock.systemUTC());
    assertTrue(r.ok(), r.diagnostics()::toString);
    return r.snapshot().orElseThrow();
  }
}
