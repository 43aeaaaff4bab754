package dev.warden.ner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tokens names are made of: offsets, possessives, abbreviations, and words that are not words. */
class TokenizerTest {
  private static List<String> texts(String s) {
    Tokens t = Tokenizer.tokenize(s);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      out.add(s.substring(t.start(i), t.end(i)));
    }
    return out;
  }

  @Test
  void splitsPossessivesAndKeepsInnerApostrophesAndHyphens() {
    assertEquals(List.of("O'Brien", "'s", "team", "met", "Jean-Luc", "."), texts("O'Brien's team met Jean-Luc."));
    assertEquals(List.of("Anna", "\u2019s", "car"), texts("Anna\u2019s car"));
  }

  @Test
  void abbreviationsAndInitialsKeepTheirPeriod() {
    assertEquals(List.of("Dr.", "J.", "Smith", "of", "Acme", "Inc.", "moved", "to", "the", "U.S."),
        texts("Dr. J. Smith of Acme Inc. moved to the U.S."));
  }

  @Test
  void identifiersVersionsAndMailsAreSingleNonWordTokens() {
    String s = "See AuthService.java, v2.3.1, john.doe@example.com, 10:30 and INV-2024-0042";
    Tokens t = Tokenizer.tokenize(s);
    for (String word : List.of("AuthService.java", "v2.3.1", "john.doe@example.com", "10:30", "INV-2024-0042")) {
      int i = t.tokenStartingAt(s.indexOf(word));
      assertTrue(i >= 0, word);
      assertEquals(word, t.text(i));
      assertFalse(t.has(i, Tokens.WORD), word + " is not a word");
    }
  }

  @Test
  void marksSentenceAndLineStartsAndShapes() {
    String s = "\uD83C\uDF89 Congrats Ana! see you\nMonday. getUserById failed";
    Tokens t = Tokenizer.tokenize(s);
    assertTrue(t.sentenceStart(t.tokenStartingAt(s.indexOf("Congrats"))), "an emoji keeps the sentence start");
    assertTrue(t.sentenceStart(t.tokenStartingAt(s.indexOf("see"))));
    assertTrue(t.sentenceStart(t.tokenStartingAt(s.indexOf("Monday"))));
    assertFalse(t.sentenceStart(t.tokenStartingAt(s.indexOf("Ana"))));
    assertTrue(t.has(t.tokenStartingAt(s.indexOf("getUserById")), Tokens.CAMEL));
    assertFalse(Tokenizer.tokenize("McDonald").has(0, Tokens.CAMEL));
  }

  @Test
  void offsetsAreCharsWithSurrogatePairs() {
    String s = "\uD83D\uDE00\uD83D\uDE00 Zo\u00eb";
    Tokens t = Tokenizer.tokenize(s);
    assertEquals("Zo\u00eb", t.text(t.size() - 1));
    assertEquals(5, t.start(t.size() - 1));
  }
}
