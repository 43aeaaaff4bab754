package dev.warden.engine.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.warden.dsl.model.Enums.RedactOp;
import dev.warden.engine.detect.Detection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private final Redactor redactor = new Redactor("k".getBytes(StandardCharsets.UTF_8));

  private static Detection d(String type, String text, String value, double score) {
    int at = text.indexOf(value);
    return new Detection(type, at, at + value.length(), score, "test");
  }

  @Test
  void everyOperator() {
    String text = "a 4111 1111 1111 1111 b";
    Detection card = d("CREDIT_CARD", text, "4111 1111 1111 1111", 0.9);
    assertEquals("a [CREDIT_CARD] b", apply(text, card, RedactOp.REPLACE));
    assertEquals("a ***************1111 b", apply(text, card, RedactOp.PARTIAL));
    assertEquals("a ******************* b", apply(text, card, RedactOp.MASK));
    assertEquals("a <CREDIT_CARD_1> b", apply(text, card, RedactOp.PSEUDONYMIZE));
    String hashed = apply(text, card, RedactOp.HASH);
    assertEquals(hashed, apply(text, card, RedactOp.HASH), "hash is stable");
    assertEquals("a CREDIT_CARD_".length() + 8 + " b".length(), hashed.length());
    assertNotEquals(hashed, new Redactor("other".getBytes(StandardCharsets.UTF_8)).apply(text, List.of(card),
        Map.of("CREDIT_CARD", RedactOp.HASH), new Pseudonyms()).text(), "the key matters");
  }

  @Test
  void maskCountsCodePointsNotChars() {
    String text = "name 😀😀x";
    Detection e = d("NAME", text, "😀😀x", 0.9);
    assertEquals("name ***", apply(text, e, RedactOp.MASK));
    assertEquals("name ***", apply(text, e, RedactOp.PARTIAL));
  }

  @Test
  void overlapsKeepTheBestDetection() {
    String text = "see https://x.example/u?mail=ann@example.com now";
    Detection url = d("URL", text, "https://x.example/u?mail=ann@example.com", 0.6);
    Detection mail = d("EMAIL", text, "ann@example.com", 0.85);
    var r = redactor.apply(text, List.of(url, mail), Map.of("URL", RedactOp.REPLACE, "EMAIL", RedactOp.REPLACE),
        new Pseudonyms());
    assertEquals("see https://x.example/u?mail=[EMAIL] now", r.text());
    var onlyUrl = redactor.apply(text, List.of(url, mail), Map.of("URL", RedactOp.REPLACE), new Pseudonyms());
    assertEquals("see [URL] now", onlyUrl.text());
  }

  @Test
  void pseudonymsRestoreOnlyTheirOwnTokens() {
    Pseudonyms vault = new Pseudonyms();
    assertEquals("<EMAIL_1>", vault.tokenFor("EMAIL", "a@x.io"));
    assertEquals("<EMAIL_2>", vault.tokenFor("EMAIL", "b@x.io"));
    assertEquals("<EMAIL_1>", vault.tokenFor("EMAIL", "a@x.io"));
    assertEquals("<PHONE_1>", vault.tokenFor("PHONE", "555"));
    assertEquals("a@x.io and b@x.io, not <EMAIL_3> or <EMAIL_1", vault.restore(
        "<EMAIL_1> and <EMAIL_2>, not <EMAIL_3> or <EMAIL_1"));
    assertEquals("<555>", vault.restore("<<PHONE_1>>"));
    assertEquals("x 555 y", vault.restore("x <PHONE_1> y"));
    assertEquals("no tokens", new Pseudonyms().restore("no tokens"));
  }

  private String apply(String text, Detection d, RedactOp op) {
    return redactor.apply(text, List.of(d), Map.of(d.type(), op), new Pseudonyms()).text();
  }
}
