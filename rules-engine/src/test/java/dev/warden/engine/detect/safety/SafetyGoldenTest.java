package dev.warden.engine.detect.safety;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.detect.GoldenTexts;
import dev.warden.engine.detect.TextViews;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The safety detector's lexicon evidence (per category its score, whether a sentence cues it,
 * and every match as first word, end word and weight) on every text of {@link GoldenTexts}
 * equals that pinned in {@code detect/golden/safety-evidence.jsonl}, to the last bit: changes
 * made for speed must not change what is found. The classifiers are left out (guard-models
 * owns them).
 */
class SafetyGoldenTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Lexicon LEXICON = Lexicon.load();

  static JsonNode output(String text) {
    Tokens t = Tokens.of(TextViews.of(text).lower(), SafetyDetector.MAX_TOKENS);
    double[][] e = LEXICON.evidence(t);
    Lexicon.Matches m = LEXICON.matches(t);
    ObjectNode out = JSON.createObjectNode();
    out.put("words", t.size());
    ArrayNode scores = out.putArray("scores");
    ArrayNode cued = out.putArray("cued");
    ArrayNode spans = out.putArray("spans");
    for (int c = 0; c < Lexicon.CATEGORIES.size(); c++) {
      scores.add(e[0][c]);
      cued.add(e[1][c]);
      for (double[] match : m.found().get(c)) {
        String w = String.join(" ", List.of(t.words).subList((int) match[0], (int) match[1]));
        spans.addArray().add(Lexicon.CATEGORIES.get(c)).add((int) match[0]).add((int) match[1]).add(match[2]).add(w);
      }
    }
    return out;
  }

  @Test
  void evidenceEqualsTheGoldenFile() throws IOException {
    List<String> diffs = GoldenTexts.check("detect/golden/safety-evidence.jsonl", SafetyGoldenTest::output);
    assertTrue(diffs.isEmpty(), diffs.size() + " texts differ:\n" + String.join("\n", diffs.subList(0, Math.min(20, diffs.size()))));
  }
}
