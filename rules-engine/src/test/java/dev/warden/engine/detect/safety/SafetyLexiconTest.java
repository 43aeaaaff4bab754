package dev.warden.engine.detect.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.engine.facts.Safety;
import dev.warden.engine.text.UnicodeFold;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The lexicon's context rules, its exceptions, the hashed terms, hostile input and thread safety. */
class SafetyLexiconTest {
  private static final Lexicon LEXICON = Lexicon.load();
  private static final SafetyDetector DETECTOR = SafetyDetector.load();
  private static final int VIOLENCE = Lexicon.CATEGORIES.indexOf("violence");
  private static final int SELF_HARM = Lexicon.CATEGORIES.indexOf("self_harm");

  private static double[] lex(String text) {
    return LEXICON.score(Tokens.of(UnicodeFold.fold(text).lower(), 100_000));
  }

  @Test
  void tokensDropApostrophesSplitHyphensAndReadLeetspeak() {
    Tokens t = Tokens.of("i don't self-harm, i k1ll \"quoted words\" here. next", 100);
    assertEquals(List.of("i", "dont", "self", "harm", "i", "kill", "quoted", "words", "here", "next"), List.of(t.words));
    assertTrue(t.quoted[6] && t.quoted[7] && !t.quoted[8]);
    assertEquals(t.sentence[8] + 1, t.sentence[9]);
  }

  @Test
  void aNegationJustBeforeAMatchLowersIt() {
    double plain = lex("I want to kill myself")[SELF_HARM];
    double negated = lex("I would never kill myself")[SELF_HARM];
    assertTrue(plain > 0.9, "plain " + plain);
    assertTrue(negated < plain * 0.5, "negated " + negated);
  }

  @Test
  void quotationAndReportingContextLowerAMatch() {
    double threat = lex("I will kill you tomorrow")[VIOLENCE];
    double reported = lex("The witness testified that he shouted 'I will kill you' in court")[VIOLENCE];
    assertTrue(reported < threat * 0.5, threat + " vs " + reported);
  }

  @Test
  void technicalSensesAndIdiomsDoNotCount() {
    for (String text : List.of("How do I kill the process on port 8080?", "kill -9 1234", "This deadline is killing me",
        "That dress is to die for", "Shoot me an email when you land", "beat the eggs until stiff")) {
      assertEquals(0, lex(text)[VIOLENCE], text);
    }
    assertTrue(lex("I'm going to kill my neighbour tonight")[VIOLENCE] > 0.8);
  }

  @Test
  void aPhraseIsRuledOutOnlyWhenTheTextLacksEveryWordOfAnElementThatNeedsOne() {
    Map<String, Integer> vocabulary = new java.util.HashMap<>();
    Phrase p = Phrase.parse(0.9, "i|we ~2 will ~2 hurt|beat+up|stab* ~2 @person", Map.of("person", List.of("him", "a person")),
        vocabulary);
    boolean[] present = new boolean[vocabulary.size()];
    present[vocabulary.get("i")] = true;
    present[vocabulary.get("will")] = true;
    present[vocabulary.get("a")] = true; // "a person": its first word
    assertTrue(p.possibleWith(present), "the element with a prefix (stab*) and the first element need no word here");
    present[vocabulary.get("a")] = false;
    assertTrue(!p.possibleWith(present), "no word of @person");
    present[vocabulary.get("him")] = true;
    present[vocabulary.get("will")] = false;
    assertTrue(!p.possibleWith(present), "no 'will'");
  }

  @Test
  void hashedTermsAreFoundWithoutBeingSpelledOut() {
    Lexicon withTerm = LEXICON.withHashedTerms(Map.of(Lexicon.fnv("flargle"), 0.9));
    double[] s = withTerm.score(Tokens.of("those flargle again", 100));
    assertEquals(0.9, s[Lexicon.HATE], 1e-9);
    assertEquals(0, LEXICON.score(Tokens.of("those flargle again", 100))[Lexicon.HATE]);
    assertEquals(0xaf63dc4c8601ec8cL, Lexicon.fnv("a")); // the FNV-1a 64-bit test vector
  }

  @Test
  void hostileInputFinishes() {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 2 * 1024 * 1024) {
      sb.append("kill kill i want to hurt myself @group ~3 not never ");
    }
    String text = sb.toString();
    Safety s = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> DETECTOR.score(text));
    assertTrue(s.selfHarm() >= 0 && s.selfHarm() <= 1);
    for (String odd : new String[] {null, "", "\uD800", "\u0000", "'''\"\"\"", "🙂".repeat(500)}) {
      DETECTOR.score(odd);
    }
  }

  @Test
  void sameAnswersFromManyThreads() throws Exception {
    List<String> texts = new ArrayList<>();
    for (SafetyDetectorTest.Row row : SafetyDetectorTest.rows(SafetyDetectorTest.EVAL)) {
      texts.add(row.text());
    }
    List<Safety> expected = texts.stream().map(DETECTOR::score).toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<Safety>>> runs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        runs.add(pool.submit(() -> texts.stream().map(DETECTOR::score).toList()));
      }
      for (Future<List<Safety>> run : runs) {
        assertEquals(expected, run.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
