package dev.warden.engine.text;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * A token counter that remembers what JTokkit counted for each piece of text, so that the words
 * of the next prompt are looked up once instead of byte-pair encoded again (JTokkit looks up
 * every pair of every word in a hash map, which made counting a prompt's tokens a sixth of the
 * gateway's work per request).
 *
 * <p>Exact, not an estimate: the text is cut only at a space that follows a character that is not
 * whitespace and precedes a letter. The pre-tokenizers of cl100k_base and o200k_base never put
 * such a space in the same piece as the character before it (no piece holds a non-space then a
 * space: a space only starts a piece, or is part of a run of whitespace), and they start a new
 * piece at it whatever came before (a space then a letter is the start of a word, matched by the
 * word pattern before any other; neither pattern looks behind). So the pieces, and with them the
 * tokens, of the text are those of its parts counted one by one, and the count of a part is
 * JTokkit's own, computed once and kept. {@code TokenCounterTest} checks this against JTokkit on
 * the project's labelled texts and on random text of letters, digits, marks, emoji, lone
 * surrogates and every kind of whitespace.
 *
 * <p>Short parts of characters up to U+00FF (most words of Latin-script text with their leading
 * space) are kept in {@link ShortPieces}, keyed by their characters packed into numbers. Other
 * parts of at most {@value #MAX_PIECE} characters are kept in a fixed table of {@value #SLOTS},
 * each slot holding its last part (an immutable record, so threads may share the table without
 * locks: a reader sees a whole entry or an older one). Text that is all new, or crafted to collide,
 * costs what JTokkit costs plus a copy of each part.
 */
final class PieceCache implements TokenCounter {
  static final int SLOTS = 1 << 14;
  static final int MAX_PIECE = 48;

  private final Encoding encoding;
  private final ShortPieces shortPieces = new ShortPieces();
  private final Piece[] slots = new Piece[SLOTS];

  private record Piece(String text, int hash, int tokens) {}

  PieceCache(Encoding encoding) {
    this.encoding = encoding;
  }

  static PieceCache cl100k() {
    return new PieceCache(Cl100k.ENCODING);
  }

  static PieceCache o200k() {
    return new PieceCache(O200k.ENCODING);
  }

  @Override
  public int count(String text) {
    int n = text.length();
    int total = 0;
    int start = 0;
    long low = 0;
    long high = 0;
    boolean narrow = true;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == ' ' && i > start && i + 1 < n && cutsBefore(text.charAt(i - 1), text.charAt(i + 1))) {
        total += part(text, start, i, narrow, low, high);
        start = i;
        low = 0;
        high = 0;
        narrow = true;
      }
      int at = i - start;
      if (at < 8) {
        low = ShortPieces.pack(low, at, c);
      } else if (at < ShortPieces.MAX_LENGTH) {
        high = ShortPieces.pack(high, at, c);
      }
      narrow &= c <= 0xff;
    }
    return start < n ? total + part(text, start, n, narrow, low, high) : total;
  }

  /** Whether a space between these two characters starts a piece that nothing before it reaches into. */
  static boolean cutsBefore(char before, char after) {
    return Character.isLetter(after) && (before > ' ' && before < 0x7f || Character.isLetterOrDigit(before));
  }

  /**
   * The tokens of {@code text[start, end)}; {@code narrow} when each of its characters is at most
   * U+00FF, and then {@code low} and {@code high} hold its first sixteen ({@link ShortPieces#pack}).
   */
  private int part(String text, int start, int end, boolean narrow, long low, long high) {
    int length = end - start;
    if (narrow && length <= ShortPieces.MAX_LENGTH) {
      int known = shortPieces.get(length, low, high);
      if (known >= 0) {
        return known;
      }
      int tokens = encoding.countTokensOrdinary(text.substring(start, end));
      shortPieces.put(length, low, high, tokens);
      return tokens;
    }
    if (length > MAX_PIECE) {
      return encoding.countTokensOrdinary(start == 0 && end == text.length() ? text : text.substring(start, end));
    }
    int hash = 0;
    for (int i = start; i < end; i++) {
      hash = 31 * hash + text.charAt(i);
    }
    int slot = (hash * 0x9E3779B9) >>> (Integer.SIZE - Integer.numberOfTrailingZeros(SLOTS));
    Piece p = slots[slot];
    if (p != null && p.hash == hash && p.text.length() == length && p.text.regionMatches(0, text, start, length)) {
      return p.tokens;
    }
    String part = text.substring(start, end);
    int tokens = encoding.countTokensOrdinary(part);
    slots[slot] = new Piece(part, hash, tokens);
    return tokens;
  }

  /** The tokenizers, each loaded once (a few hundred milliseconds) when first used, then shared: they are immutable. */
  private static final class Cl100k {
    static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
  }

  private static final class O200k {
    static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  }
}
