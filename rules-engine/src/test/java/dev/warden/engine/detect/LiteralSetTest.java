package dev.warden.engine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-pass literal search finds what one {@code indexOf} per literal finds: the same windows
 * as {@link Anchors#literalWindows} for every group of literals, case-sensitive or not, on
 * random texts made of the literals' own pieces (overlaps, repeats, prefixes of each other).
 */
class LiteralSetTest {
  private static final String[] CS = {"sk-", "sk-ant-", "SK", "-u", "--user", "://", "eyJ", "AKIA", "key-"};
  private static final String[] CI = {"secret", "pass", "pwd", "define", "environ", "key", "token"};
  private static final String[] PIECES = {"sk", "-", "ant", "SK", "u", "user", ":", "//", "eyJ", "AKIA", "key", "KEY",
      "Secret", "SECRET", "pass", "Pass", "pwd", "define", "DEFINE", "environ", "token", " ", "x", "\n", "é", "İ", "ß"};

  private static List<Integer> windows(java.util.function.Consumer<Anchors.Windows> source) {
    List<Integer> out = new ArrayList<>();
    source.accept((s, e) -> {
      out.add(s);
      out.add(e);
    });
    return out;
  }

  @Test
  void findsWhatIndexOfFindsForEachGroupOfLiterals() {
    LiteralSet.Builder b = new LiteralSet.Builder();
    boolean[] csIds = new boolean[CS.length + CI.length];
    boolean[] ciIds = new boolean[CS.length + CI.length];
    for (String l : CS) {
      csIds[b.add(l, false)] = true;
    }
    for (String l : CI) {
      ciIds[b.add(l, true)] = true;
    }
    LiteralSet set = b.build();
    Random random = new Random(11);
    for (int t = 0; t < 3000; t++) {
      StringBuilder sb = new StringBuilder();
      int pieces = random.nextInt(80);
      for (int p = 0; p < pieces; p++) {
        sb.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String text = sb.toString();
      String lower = text.toLowerCase(Locale.ROOT);
      LiteralSet.Hits hits = set.find(text, lower);
      int margin = random.nextInt(30);
      assertEquals(windows(w -> Anchors.literalWindows(text, text, margin, CS, w)),
          windows(w -> set.windows(hits, csIds, margin, margin, text.length(), w)), text);
      assertEquals(windows(w -> Anchors.literalWindows(text, lower, margin, CI, w)),
          windows(w -> set.windows(hits, ciIds, margin, margin, text.length(), w)), text);
    }
  }

  @Test
  void windowsReachBeforeAndAfterAsAsked() {
    LiteralSet.Builder b = new LiteralSet.Builder();
    int dashU = b.add("-u", false);
    LiteralSet set = b.build();
    String text = "please follow-up with the team on the outage, then run curl -u admin:hunter22 now";
    boolean[] ids = new boolean[dashU + 1];
    ids[dashU] = true;
    List<Integer> w = windows(out -> set.windows(set.find(text, text.toLowerCase(Locale.ROOT)), ids, 2, 10,
        text.length(), out));
    int first = text.indexOf("-u");
    int second = text.indexOf("-u", first + 1);
    assertEquals(List.of(first - 2, first + 2 + 10, second - 2, second + 2 + 10), w);
  }

  @Test
  void whenFoldingChangesOffsetsCaseInsensitiveLiteralsSearchEverything() {
    LiteralSet.Builder b = new LiteralSet.Builder();
    int secret = b.add("secret", true);
    LiteralSet set = b.build();
    String text = "İstanbul has no secret";
    String lower = text.toLowerCase(Locale.ROOT);
    assertTrue(lower.length() != text.length());
    boolean[] ids = new boolean[secret + 1];
    ids[secret] = true;
    assertEquals(List.of(0, text.length()),
        windows(out -> set.windows(set.find(text, lower), ids, 5, 5, text.length(), out)));
  }

  @Test
  void refusesLiteralsItCannotIndex() {
    assertThrows(IllegalArgumentException.class, () -> {
      LiteralSet.Builder b = new LiteralSet.Builder();
      b.add("x", false);
      b.build();
    });
    assertThrows(IllegalArgumentException.class, () -> {
      LiteralSet.Builder b = new LiteralSet.Builder();
      b.add("clé", true);
      b.build();
    });
  }
}
