package dev.warden.ner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import opennlp.tools.ml.model.MaxentModel;
import org.junit.jupiter.api.Test;

/** The span classifier evaluated through its parameters gives exactly what the model's own eval gives. */
class SpanScorerTest {
  private static final NameFinder FINDER = NameFinder.load();
  private static final MaxentModel MODEL = NameFinder.readModel(NerResources.SPAN_MODEL);

  private static final List<String> TEXTS = List.of(
      "Hi, could you summarise the notes from Tuesday's meeting with Maria Gonzalez from Northwind Traders in Seattle?",
      "David Chen from Acme Corporation in London joined the call later and asked about the invoice.",
      "Dr. Anneliese O'Brien-McDonald, CEO of Halvorsen Shipping AS, flew from Oslo, Stavanger and Trondheim to The Hague.",
      "flying to vienna with maria tomorrow, then new york and los angeles",
      "THE BOARD OF DIRECTORS OF BANK OF AMERICA MET IN NEW YORK ON MONDAY.",
      "Compare Northwind Mutual with Contoso Ltd. Generate tests for AuthService.java, Lorcan said.",
      "Ludwig van Beethoven and Jean-Luc Picard visited St. Brigid's Hospital in Mt. Vernon, U.S.",
      "Unassigned Pending Settlement: ask Kowalski or Fernández about the Bergstrom account at 10:30.");

  /** Texts of capitalised and lower-case words, lists and punctuation, from the words above. */
  private static String random(Random r) {
    String[] words = String.join(" ", TEXTS).split(" ");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      b.append(words[r.nextInt(words.length)]).append(r.nextInt(6) == 0 ? ", " : " ");
    }
    return b.toString();
  }

  @Test
  void everyCandidateScoresAsTheModelScoresItsFeatureStrings() {
    SpanScorer scorer = SpanScorer.of(MODEL);
    assertNotNull(scorer);
    Random r = new Random(7);
    int spans = 0;
    for (int i = 0; i < TEXTS.size() + 40; i++) {
      String text = i < TEXTS.size() ? TEXTS.get(i) : random(r);
      Analysis a = new Analysis(Tokenizer.tokenize(text), FINDER.gazetteer(), FINDER.lexicon(), FINDER.tagger(),
          FINDER.likeness());
      SpanScorer.Text shared = scorer.forText(a);
      for (int[] sp : Candidates.of(a)) {
        double[] expected = new double[MODEL.getNumOutcomes()];
        MODEL.eval(SpanFeatures.of(a, sp[0], sp[1]), expected);
        double[] got = new double[MODEL.getNumOutcomes()];
        Arrays.fill(got, 42); // overwritten, not added to
        shared.eval(sp[0], sp[1], got);
        assertArrayEquals(expected, got, 0.0, text + " " + Arrays.toString(sp));
        spans++;
      }
    }
    assertTrue(spans > 200, "spans scored: " + spans);
  }

  @Test
  void aModelOfAnotherKindIsLeftToItsOwnEval() {
    assertNull(SpanScorer.of(new opennlp.tools.ml.model.MaxentModel() {
      @Override
      public double[] eval(String[] context) {
        return new double[0];
      }

      @Override
      public double[] eval(String[] context, double[] probs) {
        return probs;
      }

      @Override
      public double[] eval(String[] context, float[] values) {
        return new double[0];
      }

      @Override
      public String getBestOutcome(double[] outcomes) {
        return "";
      }

      @Override
      public String getAllOutcomes(double[] outcomes) {
        return "";
      }

      @Override
      public String getOutcome(int i) {
        return "";
      }

      @Override
      public int getIndex(String outcome) {
        return 0;
      }

      @Override
      public int getNumOutcomes() {
        return 0;
      }
    }));
  }
}
