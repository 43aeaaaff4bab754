package dev.warden.engine.detect.injection;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.detect.GoldenTexts;
import dev.warden.engine.detect.TextViews;
import dev.warden.models.guard.GuardClassifier;
import dev.warden.models.guard.GuardModels;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The injection detector's own evidence (each signal's strength, whether a match was a mention,
 * the signals reported) on every text of {@link GoldenTexts} equals that pinned in
 * {@code detect/golden/injection-evidence.jsonl}, to the last bit: changes made for speed must
 * not change what is found. The classifier's probability is left out (guard-models owns it).
 */
class InjectionGoldenTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Signals SIGNALS = Rules.signals();
  private static final GuardClassifier MODEL = GuardModels.injection();

  static JsonNode output(String text) {
    Evidence e = Evidence.of(TextViews.of(text), SIGNALS, MODEL, new Blobs.Budget(), 0);
    ObjectNode out = JSON.createObjectNode();
    ArrayNode s = out.putArray("strengths");
    for (double d : e.strengths) {
      s.add(d);
    }
    out.put("mentioned", e.mentioned);
    ArrayNode names = out.putArray("signals");
    e.names(InjectionDetector.REPORT).forEach(names::add);
    return out;
  }

  @Test
  void evidenceEqualsTheGoldenFile() throws IOException {
    List<String> diffs = GoldenTexts.check("detect/golden/injection-evidence.jsonl", InjectionGoldenTest::output);
    assertTrue(diffs.isEmpty(), diffs.size() + " texts differ:\n" + String.join("\n", diffs.subList(0, Math.min(20, diffs.size()))));
  }
}
