package dev.warden.engine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Anchors read through a scan's {@link TextMemo} give the windows they give on the text itself:
 * shared ones (computed once per text, replayed to each pattern), filters of them, and
 * case-insensitive literals (which read the memo's lower case), whatever the order of reads.
 */
class SharedAnchorsTest {
  private static final String[] PIECES = {"4155550132", "+1 206 555 0134", "2024-05-17", " ", "10.0.19045", "-", ".",
      "(", ")", "/", "x", "Order ", "\n", "078-05-1120", "192.168.0.1", "HTTPS://", "www.", "ab", "0", "İ"};

  private static List<Integer> windows(Anchors anchors, String text) {
    List<Integer> out = new ArrayList<>();
    anchors.windows(text, (s, e) -> {
      out.add(s);
      out.add(e);
    });
    return out;
  }

  private static List<Integer> windows(Anchors anchors, TextMemo memo) {
    List<Integer> out = new ArrayList<>();
    anchors.windows(memo, (s, e) -> {
      out.add(s);
      out.add(e);
    });
    return out;
  }

  @Test
  void throughTheMemoTheSameWindowsAsOnTheText() {
    Anchors numbers = StructuredEntities.NUMBERS;
    List<Anchors> all = List.of(numbers, numbers.withAtLeast(13, "0-9"), numbers.withAtLeast(9, "0-9").withAtLeast(2, "-"),
        numbers.withAtLeast(4, "0-9").withAtLeast(3, "."), numbers.withAtLeast(7, "0-9"),
        Anchors.literals(true, 40, "://", "www."), Anchors.literals(false, 3, "www."));
    Random random = new Random(3);
    for (int t = 0; t < 2000; t++) {
      StringBuilder sb = new StringBuilder();
      int pieces = random.nextInt(60);
      for (int p = 0; p < pieces; p++) {
        sb.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String text = sb.toString();
      TextMemo memo = new TextMemo(text);
      for (int k = 0; k < all.size() * 2; k++) {
        Anchors a = all.get(random.nextInt(all.size()));
        assertEquals(windows(a, text), windows(a, memo), text);
      }
    }
  }

  @Test
  void aDashIsAJoinerNotARange() {
    // " .-/" once read ".-/" as the range '.'..'/', which leaves the dash out
    Anchors.CharClass joiners = Anchors.CharClass.of(" ./()+-");
    for (char c : " ./()+-".toCharArray()) {
      assertEquals(true, joiners.has(c), "'" + c + "'");
    }
    assertEquals(false, joiners.has(','));
    // a joiner after a run belongs to its window (and the two characters of padding after it)
    assertEquals(List.of(0, 5), windows(StructuredEntities.NUMBERS, "12-abcd"));
  }
}
