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

  /**
   * The memo's search (ASCII texts folded on the fly, without their lower case) finds exactly
   * what the search of the text and its lower case finds, on ASCII texts and on texts with
   * characters that fold to ASCII (the Kelvin sign to k), that change length (dotted capital I)
   * or that do not fold at all, anywhere including the first and last character.
   */
  @Test
  void memoSearchFindsWhatTheLowerCaseSearchFinds() {
    LiteralSet.Builder b = new LiteralSet.Builder();
    for (String l : CS) {
      b.add(l, false);
    }
    for (String l : CI) {
      b.add(l, true);
    }
    LiteralSet set = b.build();
    String[] pieces = {"sk", "-", "ant", "SK", "u", "user", ":", "//", "eyJ", "AKIA", "key", "KEY", "Secret", "SECRET",
        "pass", "PaSs", "pwd", "Define", "environ", "ToKeN", " ", "x", "\n", "Z", "@", "\u212Aey", "é", "İ", "ß"};
    Random random = new Random(29);
    for (int t = 0; t < 5000; t++) {
      StringBuilder sb = new StringBuilder();
      int count = random.nextInt(40);
      // most texts ASCII, so the fast path is exercised; the rest hold a non-ASCII piece somewhere
      int limit = t % 3 == 0 ? pieces.length : pieces.length - 4;
      for (int p = 0; p < count; p++) {
        sb.append(pieces[random.nextInt(limit)]);
      }
      if (t % 3 == 0 && count > 0) {
        sb.insert(random.nextInt(sb.length() + 1), pieces[pieces.length - 4 + random.nextInt(4)]);
      }
      String text = sb.toString();
      LiteralSet.Hits expected = set.find(text, text.toLowerCase(Locale.ROOT));
      LiteralSet.Hits actual = set.find(new TextMemo(text));
      assertEquals(describe(expected), describe(actual), text);
    }
    assertEquals(1, set.find(new TextMemo("\u212Aey")).count(), "the Kelvin sign folds to k");
    assertTrue(set.find(new TextMemo("İ")).foldingChangedOffsets);
  }

  private static String describe(LiteralSet.Hits hits) {
    StringBuilder sb = new StringBuilder(hits.foldingChangedOffsets ? "changed:" : "same:");
    for (int i = 0; i < hits.count(); i++) {
      sb.append(hits.start(i)).append('/').append(hits.id(i)).append(' ');
    }
    return sb.toString();
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
