package dev.warden.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request bodies are UTF-8 or refused; ASCII takes a shortcut that must agree with the decoder. */
class Utf8CheckTest {
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      "'', true",
      "7b2261223a2231227d, true",                  // {"a":"1"}
      "7b2261223a22c3a9227d, true",                // é
      "7b2261223a22f09f9880227d, true",            // an emoji, four bytes
      "7b2261223a22e282ac227d, true",              // €
      "7b2261223a22c3227d, false",                 // a lead byte without its continuation
      "7b2261223a2280227d, false",                 // a continuation byte alone
      "7b2261223a22c0af227d, false",               // an overlong '/'
      "7b2261223a22eda080227d, false",             // a UTF-16 surrogate, encoded
      "7b2261223a22f4908080227d, false",           // beyond U+10FFFF
      "7b2261223a22ff227d, false",
      "7b2261223a22e282, false",                   // cut off at the end
  })
  void aBodyIsUtf8OrNot(String hex, boolean valid) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    assertEquals(valid, Http.validUtf8(bytes));
    assertEquals(valid, new String(bytes, StandardCharsets.UTF_8).equals(decodedStrictly(bytes)));
  }

  private static String decodedStrictly(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }
}
