package dev.warden.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Written straight, a record is byte for byte what {@link Canonical} makes of it once parsed. */
class CanonicalOutTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theStreamedFormIsTheCanonicalForm() throws Exception {
    CanonicalOut o = new CanonicalOut().begin();
    o.arr("a").obj().num("n", 5).num("x", 0.1).close().closeArray();
    o.num("big", Long.MAX_VALUE).num("d", 300.0).num("inf", Double.POSITIVE_INFINITY).map("m", Map.of("z", "1", "",
        "empty key", "é", "accent", "Z", "upper")).nul("n").strings("s", List.of("b", "a", "\u2028 \"q\" \\ \u0001"))
        .bool("t", true).str("u", "caf\u00e9 \uD83D\uDE00 </script>");
    byte[] streamed = o.end();
    assertArrayEquals(Canonical.bytes(JSON.readTree(streamed)), streamed);
  }

  @Test
  void aMemberOutOfOrderIsABugCaughtAtOnce() {
    CanonicalOut o = new CanonicalOut().begin().str("b", "x");
    assertThrows(IllegalStateException.class, () -> o.str("a", "y"));
    CanonicalOut again = new CanonicalOut().begin().str("a", "x");
    assertThrows(IllegalStateException.class, () -> again.str("a", "y"), "a member twice");
  }

  @Test
  void aPreparedLineFilledInIsTheLineWrittenWithItsValues() throws Exception {
    String prev = Chain.sha256("the line before".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (long seq : new long[] {0, 7, 10, 12345, Long.MAX_VALUE}) {
      CanonicalOut direct = new CanonicalOut().begin();
      // a member named like the slots inside a nested object does not confuse them
      direct.obj("a").str("prev", "x").num("seq", 3).close().str("prev", prev).num("seq", seq).str("u", "\"prev\":");
      byte[] expected = direct.end();
      CanonicalOut slots = new CanonicalOut().begin();
      slots.obj("a").str("prev", "x").num("seq", 3).close().hashSlot("prev").seqSlot("seq").str("u", "\"prev\":");
      Prepared p = slots.prepared();
      assertArrayEquals(expected, p.chained(seq, prev), "seq " + seq);
      assertArrayEquals(Canonical.bytes(JSON.readTree(expected)), p.chained(seq, prev));
    }
  }

  @Test
  void aPreparedLineTakesOnlyAHashAndANumberOfTheChain() {
    Prepared p = new CanonicalOut().begin().hashSlot("prev").seqSlot("seq").prepared();
    assertThrows(IllegalArgumentException.class, () -> p.chained(-1, Chain.GENESIS));
    assertThrows(IllegalArgumentException.class, () -> p.chained(1, "abc"));
    assertThrows(IllegalArgumentException.class, () -> p.chained(1, "\"".repeat(64)), "a quote would break the line");
    assertThrows(IllegalArgumentException.class, () -> p.chained(1, "A".repeat(64)));
    assertThrows(IllegalStateException.class, () -> new CanonicalOut().begin().str("prev", "x").prepared(),
        "no slots");
  }
}
