package dev.warden.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.engine.detect.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a held-back stream may be cut: never inside what a detector could only see whole. */
class HoldBackTest {
  @Test
  void aCutInsideAWordMovesToTheWordsStart() {
    String text = "the session token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx";
    assertEquals(text.indexOf("eyJ"), HoldBack.boundary(text, 0, text.length() - 5, List.of()));
    assertEquals(4, HoldBack.boundary(text, 0, 6, List.of()));
    assertEquals(3, HoldBack.boundary(text, 0, 3, List.of()), "between words is a cut as it is");
  }

  @Test
  void aCutNeverGoesBeforeWhatWasSent() {
    String text = "abcdefghijklmnop";
    assertEquals(5, HoldBack.boundary(text, 5, 12, List.of()));
  }

  @Test
  void aCutInsideADetectionMovesBeforeIt() {
    String text = "card 4111 1111 1111 1111 ok";
    Detection card = new Detection("CREDIT_CARD", 5, 24, 0.9, "test");
    assertEquals(5, HoldBack.boundary(text, 0, 15, List.of(card)));
  }

  @Test
  void aPseudonymTokenIsNotCut() {
    String text = "mail <EMAIL_1> now";
    assertEquals(5, HoldBack.boundary(text, 0, 9, List.of()));
  }

  @Test
  void aPemBlockIsHeldUntilItsEndLine() {
    String text = "key:\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\nkqhkiG9w0BAQEF\n-----END PRIV";
    int begin = text.indexOf("-----BEGIN");
    assertEquals(begin, HoldBack.boundary(text, 0, text.length() - 10, List.of()));
    String whole = text + "ATE KEY-----\nthanks";
    assertEquals(whole.indexOf("\nthanks"), HoldBack.boundary(whole, 0, whole.indexOf("\nthanks"), List.of()));
  }

  @Test
  void anOverlongRunIsCutAtPunctuationNoTokenHasOrReleased() {
    String blob = "x".repeat(HoldBack.MAX_RUN + 100);
    String json = "{\"data\":\"" + blob + "\",\"token\":\"eyJhbGciOiJIUzI1NiJ9";
    int cut = HoldBack.boundary(json, 0, json.length() - 4, List.of());
    assertEquals(json.indexOf("eyJ"), cut);
    String plain = "y".repeat(HoldBack.MAX_RUN * 2);
    assertEquals(HoldBack.MAX_RUN, HoldBack.boundary(plain, 0, HoldBack.MAX_RUN, List.of()));
  }

  @Test
  void aSurrogatePairIsNotSplit() {
    String text = "ok \uD83D\uDE00 fine";
    assertEquals(3, HoldBack.boundary(text, 0, 4, List.of()));
  }
}
