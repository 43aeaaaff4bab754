package dev.warden.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cached counter counts exactly what JTokkit counts: on every labelled text of the project,
 * on random text built to hit the tokenizers' edge cases (every kind of whitespace, marks,
 * contractions, emoji, lone surrogates, digits, slashes), and whether its cache is cold, warm or
 * full of colliding parts.
 */
class TokenCounterTest {
  enum Tokenizer {
    CL100K(EncodingType.CL100K_BASE) {
      @Override
      PieceCache counter() {
        return PieceCache.cl100k();
      }
    },
    O200K(EncodingType.O200K_BASE) {
      @Override
      PieceCache counter() {
        return PieceCache.o200k();
      }
    };

    final Encoding jtokkit;

    Tokenizer(EncodingType type) {
      this.jtokkit = Encodings.newLazyEncodingRegistry().getEncoding(type);
    }

    abstract PieceCache counter();
  }

  /** Characters the pre-tokenizers treat differently; random text is drawn from them. */
  private static final String[] ALPHABET = {
      " ", " ", " ", " ", "  ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u2003", "\u3000", "\u0085", "\u000b", "\f",
      "a", "e", "s", "t", "the", "word", "Hello", "HELLO", "camelCase", "x", "I", "A",
      "\u00e9", "\u00fc", "na\u00efve", "\u0301", "e\u0301", "\u0915\u093f", "\u05e9\u05dc\u05d5\u05dd", "\u043f\u0440\u0438",
      "\u4e2d\u6587", "\u65e5\u672c\u8a9e", "\uac00", "\u01c5",
      "0", "7", "42", "1234", "3.14", "\u0663", "\u00bd", "\u2167",
      "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'LL", "\u2019s", "'",
      ".", ",", "!", "?", "-", "--", "...", ":", ";", "/", "//", "\\", "\"", "(", ")", "[", "]", "{", "}", "<", ">",
      "@", "#", "$", "%", "&", "*", "+", "=", "_", "|", "~", "`", "^", "\u2026", "\u00ab", "\u20ac",
      "\ud83d\ude00", "\ud83d\udc4d\ud83c\udffd", "\ud83d\udc68\u200d\ud83d\udc69", "\ud800", "\udc00", "\u200b", "\ufeff",
      "https://example.com/a?b=c", "ann.lee@example.org", "4111 1111 1111 1111", "<|endoftext|>",
  };

  @ParameterizedTest
  @EnumSource(Tokenizer.class)
  void theProjectsLabelledTextsCountAsJTokkitCountsThem(Tokenizer t) {
    List<String> texts = labelledTexts();
    assertTrue(texts.size() > 2000, "the labelled sets were found: " + texts.size());
    PieceCache counter = t.counter();
    for (int round = 0; round < 2; round++) { // cold, then warm
      for (String text : texts) {
        assertEquals(outcome(() -> t.jtokkit.countTokensOrdinary(text)), outcome(() -> counter.count(text)), text);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Tokenizer.class)
  void randomTextCountsAsJTokkitCountsIt(Tokenizer t) {
    Random random = new Random(20261206L);
    PieceCache counter = t.counter();
    for (int k = 0; k < 20_000; k++) {
      String text = randomText(random, random.nextInt(60));
      Object expected = outcome(() -> t.jtokkit.countTokensOrdinary(text));
      assertEquals(expected, outcome(() -> counter.count(text)), () -> escaped(text));
      assertEquals(expected, outcome(() -> counter.count(text)), () -> escaped(text));
    }
  }

  @ParameterizedTest
  @EnumSource(Tokenizer.class)
  void manyDistinctPartsThatCollideInTheCacheStillCountRight(Tokenizer t) {
    // far more distinct words than the cache has slots: every slot is overwritten many times
    PieceCache counter = t.counter();
    Random random = new Random(7);
    StringBuilder text = new StringBuilder();
    for (int k = 0; k < 4 * PieceCache.SLOTS; k++) {
      text.append(' ').append((char) ('a' + random.nextInt(26))).append(Integer.toString(k, 36)).append(k % 5 == 0 ? "," : "");
      if (text.length() > 2000) {
        String s = text.toString();
        assertEquals(t.jtokkit.countTokensOrdinary(s), counter.count(s));
        text.setLength(0);
      }
    }
  }

  /** Characters and lengths where a part moves between the packed table of short parts and the other. */
  private static final String[] SHORT_PARTS = {
      " ", "a", "e", "word", "Hello", "\u0000", "\u0001", "\u00ff", "\u0100", "\u00e9", "\u00df", "\u00a0", "\u0085", "\u00b5",
      "\u00c0", "'s", ".", ",", "7", "\t", "\n", "x".repeat(7), "y".repeat(8), "z".repeat(15), "q".repeat(16), "w".repeat(17),
      "\u0000".repeat(9), "\u00ff".repeat(16), "\ud83d\ude00",
  };

  @ParameterizedTest
  @EnumSource(Tokenizer.class)
  void shortPartsOfEveryLatin1LengthCountAsJTokkitCountsThem(Tokenizer t) {
    Random random = new Random(20261207L);
    PieceCache counter = t.counter();
    for (int k = 0; k < 20_000; k++) {
      StringBuilder b = new StringBuilder();
      for (int parts = random.nextInt(12); parts > 0; parts--) {
        b.append(random.nextInt(3) == 0 ? " " : "").append(SHORT_PARTS[random.nextInt(SHORT_PARTS.length)]);
      }
      String text = b.toString();
      Object expected = outcome(() -> t.jtokkit.countTokensOrdinary(text));
      assertEquals(expected, outcome(() -> counter.count(text)), () -> escaped(text));
      assertEquals(expected, outcome(() -> counter.count(text)), () -> escaped(text));
    }
  }

  @Test
  void partsThatDifferOnlyInTrailingNulsOrPastTheSixteenthCharacterAreToldApart() {
    PieceCache counter = PieceCache.cl100k();
    Encoding jtokkit = Tokenizer.CL100K.jtokkit;
    for (String text : List.of("a b", "a b\u0000", "a b\u0000\u0000", "a " + "b".repeat(16), "a " + "b".repeat(16) + "c",
        "a " + "b".repeat(15) + "\u0000", "a b", "a b\u0000")) {
      assertEquals(jtokkit.countTokensOrdinary(text), counter.count(text), escaped(text));
    }
    ShortPieces table = new ShortPieces();
    table.put(1, 'a', 0, 1);
    assertEquals(-1, table.get(2, 'a', 0), "a then NUL is not a");
    assertEquals(1, table.get(1, 'a', 0));
  }

  @ParameterizedTest
  @EnumSource(Tokenizer.class)
  void threadsSharingOneCounterEachCountAsJTokkitCounts(Tokenizer t) throws Exception {
    // few slots' worth of distinct short words, so the threads write the same entries at once
    PieceCache counter = t.counter();
    List<String> texts = new ArrayList<>();
    Random random = new Random(3);
    for (int k = 0; k < 400; k++) {
      StringBuilder b = new StringBuilder();
      for (int w = 0; w < 40; w++) {
        b.append(' ').append((char) ('a' + random.nextInt(26))).append(Integer.toString(random.nextInt(3_000), 36));
      }
      texts.add(b.toString());
    }
    List<Integer> expected = texts.stream().map(t.jtokkit::countTokensOrdinary).toList();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
      List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        int offset = thread * 97;
        runs.add(pool.submit(() -> {
          for (int round = 0; round < 20; round++) {
            for (int k = 0; k < texts.size(); k++) {
              int i = (k + offset) % texts.size();
              assertEquals(expected.get(i), counter.count(texts.get(i)), texts.get(i));
            }
          }
        }));
      }
      for (var run : runs) {
        run.get();
      }
    }
  }

  @Test
  void edgesOfTheText() {
    PieceCache counter = PieceCache.cl100k();
    Encoding jtokkit = Tokenizer.CL100K.jtokkit;
    for (String text : List.of("", " ", "a", " a", "a ", "a b", "  a  b  ", "x".repeat(PieceCache.MAX_PIECE + 1) + " y",
        "word ".repeat(1000), "\ud83d\ude00 a", "a \ud800b")) {
      assertEquals(outcome(() -> jtokkit.countTokensOrdinary(text)), outcome(() -> counter.count(text)), escaped(text));
    }
    assertEquals(0, counter.count(""));
  }

  @Test
  void theCutIsOnlyBetweenAWordsEndAndTheSpaceOfTheNext() {
    assertTrue(PieceCache.cutsBefore('d', 'w'));
    assertTrue(PieceCache.cutsBefore('.', 'S'));
    assertTrue(PieceCache.cutsBefore('7', '\u00e9'));
    assertTrue(!PieceCache.cutsBefore(' ', 'w'), "a space after whitespace belongs to the whitespace run");
    assertTrue(!PieceCache.cutsBefore('\u00a0', 'w'));
    assertTrue(!PieceCache.cutsBefore('d', '7'), "a space before a digit is a piece of its own");
    assertTrue(!PieceCache.cutsBefore('d', '\''));
    assertTrue(!PieceCache.cutsBefore('\udc00', 'w'));
    assertTrue(!PieceCache.cutsBefore('d', '\ud835'));
  }

  /**
   * Tests run with assertions on, and JTokkit's cl100k asserts that the text is valid UTF-16 (a
   * lone surrogate is not): here JTokkit and the counter are loaded apart with assertions off, as
   * they run in the gateway, and must agree on such text too.
   */
  @Test
  void withAssertionsOffTextWithLoneSurrogatesCountsAsJTokkitCountsIt() throws Exception {
    URL engine = PieceCache.class.getProtectionDomain().getCodeSource().getLocation();
    URL library = Encoding.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {engine, library}, ClassLoader.getPlatformClassLoader())) {
      loader.setDefaultAssertionStatus(false);
      Method make = loader.loadClass(PieceCache.class.getName()).getDeclaredMethod("cl100k");
      make.setAccessible(true);
      Object counter = make.invoke(null);
      Method count = loader.loadClass(TokenCounter.class.getName()).getMethod("count", String.class);
      Class<?> types = loader.loadClass(EncodingType.class.getName());
      Object registry = loader.loadClass(Encodings.class.getName()).getMethod("newLazyEncodingRegistry").invoke(null);
      Object jtokkit = loader.loadClass(EncodingRegistry.class.getName()).getMethod("getEncoding", types).invoke(registry,
          types.getField("CL100K_BASE").get(null));
      Method jtokkitCount = loader.loadClass(Encoding.class.getName()).getMethod("countTokensOrdinary", String.class);
      Random random = new Random(11);
      int lone = 0;
      for (int k = 0; k < 5_000; k++) {
        String text = randomText(random, random.nextInt(40)) + (k % 2 == 0 ? "\ud800" : "");
        boolean hasLone = !isValidUtf16(text);
        lone += hasLone ? 1 : 0;
        assertEquals(jtokkitCount.invoke(jtokkit, text), count.invoke(counter, text), () -> escaped(text));
      }
      assertTrue(lone > 2_000, "texts with lone surrogates were tried: " + lone);
    }
  }

  /** A count, or that JTokkit's assertion refused the text. */
  private static Object outcome(IntSupplier count) {
    try {
      return count.getAsInt();
    } catch (AssertionError e) {
      return "refused as not UTF-8";
    }
  }

  private static boolean isValidUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static String randomText(Random random, int parts) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < parts; i++) {
      b.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return b.toString();
  }

  private static List<String> labelledTexts() {
    Path root = Path.of("src/test/resources");
    ObjectMapper json = new ObjectMapper();
    List<String> texts = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".jsonl")) {
          for (String line : Files.readAllLines(f)) {
            if (!line.isBlank()) {
              texts.add(json.readTree(line).path("text").asText());
            }
          }
        } else if (name.endsWith(".tsv") || name.endsWith(".policy") || name.endsWith(".policytest")) {
          texts.addAll(Files.readAllLines(f));
          texts.add(Files.readString(f));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return texts;
  }

  private static String escaped(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().forEach(c -> b.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\u{%x}", c)));
    return b.toString();
  }
}
