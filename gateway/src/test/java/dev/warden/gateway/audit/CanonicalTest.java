package dev.warden.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String canon(String json) throws Exception {
    return new String(Canonical.bytes(JSON.readTree(json)), StandardCharsets.UTF_8);
  }

  @Test
  void membersAreSortedAtEveryDepthAndWhitespaceGoes() throws Exception {
    assertEquals("{\"a\":[{\"x\":1,\"y\":2}],\"b\":{\"c\":true,\"d\":null}}",
        canon("{ \"b\": {\"d\": null, \"c\": true},\n \"a\": [ {\"y\": 2, \"x\": 1} ] }"));
  }

  @Test
  void theSameValueSpelledDifferentlyIsTheSameText() throws Exception {
    // what PostgreSQL's jsonb or another serialiser may do to a record: reorder, re-escape, re-space
    assertEquals(canon("{\"s\":\"caf\\u00e9 \\/ \\\"q\\\"\",\"n\":0.25,\"e\":1e-7}"),
        canon("{\"e\": 0.0000001, \"n\": 0.250, \"s\": \"café / \\\"q\\\"\"}"));
  }

  @Test
  void howStringsAndNumbersAreSpeltIsPinned() throws Exception {
    // verify compares lines byte for byte: this spelling must not move with a library default
    assertEquals("{\"n\":\"NaN\",\"s\":\"caf\u00e9 / \\u001B\\n \\uD83D\\uDE00\",\"x\":1.0E-7}",
        new String(Canonical.bytes(JSON.createObjectNode().put("s", "caf\u00e9 / \u001b\n \ud83d\ude00")
            .put("x", 1e-7).put("n", Double.NaN)), StandardCharsets.UTF_8));
    CanonicalOut out = new CanonicalOut();
    assertEquals("{\"s\":\"caf\u00e9 / \\u001B\\n \\uD83D\\uDE00\"}",
        new String(out.begin().str("s", "caf\u00e9 / \u001b\n \ud83d\ude00").end(), StandardCharsets.UTF_8));
  }

  @Test
  void integersAndDecimalsStayApartAndBigIntegersKeepEveryDigit() throws Exception {
    assertNotEquals(canon("{\"n\":5}"), canon("{\"n\":5.0}"));
    assertEquals("{\"n\":123456789012345678901234567890}", canon("{\"n\":123456789012345678901234567890}"));
  }

  @Test
  void theHashOfALineIgnoresItsOwnHashMember() throws Exception {
    ObjectNode o = JSON.createObjectNode().put("type", "request").put("seq", 1).put("prev", Chain.GENESIS);
    Chain.Line line = Chain.line(o.deepCopy());
    ObjectNode parsed = (ObjectNode) JSON.readTree(line.bytes());
    assertEquals(line.hash(), parsed.path("hash").asText());
    assertEquals(line.hash(), Chain.expectedHash(parsed));
    parsed.put("seq", 2);
    assertNotEquals(line.hash(), Chain.expectedHash(parsed));
  }
}
