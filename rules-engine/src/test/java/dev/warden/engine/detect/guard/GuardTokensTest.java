package dev.warden.engine.detect.guard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.warden.models.guard.GuardFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The guard tokenizer takes words as substrings where it can; it gives the very tokens of the
 * plain character-at-a-time reading (below), on random texts of mixed case, apostrophes, long
 * words, symbols and other scripts, with and without a token limit.
 */
class GuardTokensTest {
  private static final String[] PIECES = {"don't", "DON'T", "it\u2019s", "'", "\u2019", "word", "Word", "ÉCOLE", "über",
      "abcdefghijklmnopqrstuvwxyz0123456789", "x", "1", " ", "  ", "\n", "\t", "<|", "##", "](", "_", "...", "'s", "a'",
      "İstanbul", "ΣΟΦΊΑ", "忽略", "k1ll", "𝐛𝐨𝐥𝐝", "-", "\u00a0"};

  /** The tokenizer as it was: every kept character appended to a builder. */
  private static String[] plain(CharSequence text, int limit) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    StringBuilder symbols = new StringBuilder();
    int n = text.length();
    for (int i = 0; i < n && out.size() < limit; i++) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        flush(symbols, out);
        if (word.length() < 24) {
          word.append(Character.toLowerCase(c));
        }
      } else if ((c == '\'' || c == '\u2019') && word.length() > 0 && i + 1 < n
          && Character.isLetter(text.charAt(i + 1))) {
        continue;
      } else {
        flush(word, out);
        if (Character.isWhitespace(c)) {
          flush(symbols, out);
        } else if (symbols.length() < 3) {
          symbols.append(c);
        }
      }
    }
    if (out.size() < limit) {
      flush(word, out);
    }
    if (out.size() < limit) {
      flush(symbols, out);
    }
    return out.toArray(String[]::new);
  }

  private static void flush(StringBuilder sb, List<String> out) {
    if (sb.length() > 0) {
      out.add(sb.toString());
      sb.setLength(0);
    }
  }

  @Test
  void sameTokensAsTheCharacterAtATimeReading() {
    Random random = new Random(7);
    for (int t = 0; t < 5000; t++) {
      StringBuilder sb = new StringBuilder();
      int pieces = random.nextInt(30);
      for (int p = 0; p < pieces; p++) {
        sb.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String text = sb.toString();
      int limit = random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt(10);
      assertArrayEquals(plain(text, limit), GuardFeatures.tokens(text, limit), text);
      String lower = text.toLowerCase(java.util.Locale.ROOT);
      assertArrayEquals(plain(lower, limit), GuardFeatures.tokens(lower, limit), lower);
    }
  }
}
