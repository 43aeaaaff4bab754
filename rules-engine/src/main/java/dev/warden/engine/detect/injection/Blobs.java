package dev.warden.engine.detect.injection;

import dev.warden.engine.detect.Chars;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds text hidden in base64, hex ({@code 49676e...}, {@code 49 67 6e}, {@code \x49\x67}),
 * percent-encoding and rot13, and decodes it so that it is scanned too. Bounded: a text yields at
 * most {@link Budget#MAX_BLOBS} decoded blobs in all (nested ones included), each cut to
 * {@link #MAX_BLOB_CHARS}, and decoding stops at {@link Budget#MAX_DEPTH} levels, so that a hostile
 * input (megabytes of base64, encodings nested a hundred deep) costs one linear scan.
 */
final class Blobs {
  static final int MIN_BASE64 = 16;
  static final int MIN_HEX_BYTES = 8;
  static final int MAX_BLOB_CHARS = 8192;

  /** A decoded blob and how it was encoded. */
  record Decoded(String kind, String text) {
  }

  /** The decoding allowance of one scored text, shared by its nested blobs. Not thread-safe: one per call. */
  static final class Budget {
    static final int MAX_BLOBS = 16;
    static final int MAX_DECODED_CHARS = 64 * 1024;
    static final int MAX_DEPTH = 3;

    private int blobs;
    private int chars;

    boolean take(int length) {
      if (blobs >= MAX_BLOBS || chars + length > MAX_DECODED_CHARS) {
        return false;
      }
      blobs++;
      chars += length;
      return true;
    }

    boolean exhausted() {
      return blobs >= MAX_BLOBS || chars >= MAX_DECODED_CHARS;
    }
  }

  /** Words that are common English words once rot13 is undone ("the", "you", "ignore", ...). */
  private static final Set<String> ROT13_WORDS = Set.of("gur", "naq", "lbh", "lbhe", "vtaber", "nyy", "cerivbhf",
      "vafgehpgvbaf", "flfgrz", "cebzcg", "ehyrf", "sbetrg", "qvfertneq", "erirny", "cevag", "vf", "gb", "bs");

  /**
   * {@link #ROT13_WORDS} by first letter ('a' to 'z'; null for none): a word of a text is compared
   * in place with the few of its letter and length, without a substring and a set lookup per word.
   */
  private static final String[][] ROT13_BY_FIRST = new String[26][];

  static {
    for (String w : ROT13_WORDS) {
      String[] old = ROT13_BY_FIRST[w.charAt(0) - 'a'];
      String[] grown = old == null ? new String[1] : java.util.Arrays.copyOf(old, old.length + 1);
      grown[grown.length - 1] = w;
      ROT13_BY_FIRST[w.charAt(0) - 'a'] = grown;
    }
  }

  /** Whether {@code s[from, to)} (lower-case ASCII letters, starting with {@code first}) is one of {@link #ROT13_WORDS}. */
  private static boolean isRot13Word(String s, int from, int to, char first) {
    String[] candidates = ROT13_BY_FIRST[first - 'a'];
    if (candidates == null) {
      return false;
    }
    for (String w : candidates) {
      if (w.length() == to - from && s.regionMatches(from, w, 0, w.length())) {
        return true;
      }
    }
    return false;
  }

  private Blobs() {
  }

  /** The blobs of one text: {@code cased} for the byte encodings, {@code lower} for rot13. */
  static List<Decoded> decode(String cased, String lower, Budget budget) {
    List<Decoded> out = new ArrayList<>();
    scanRuns(cased, budget, out);
    scanSpacedHex(cased, budget, out);
    if (!budget.exhausted()) {
      String rot = rot13Sentences(lower);
      if (!rot.isEmpty() && budget.take(rot.length())) {
        out.add(new Decoded("rot13", rot13(rot)));
      }
    }
    return out;
  }


  private static boolean isBase64Char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
        || c == '-' || c == '_' || c == '=';
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Runs of the base64 alphabet (hex is a subset) and of percent-escapes, in one pass. */
  private static void scanRuns(String s, Budget budget, List<Decoded> out) {
    int n = s.length();
    int i = 0;
    while (i < n && !budget.exhausted()) {
      char c = s.charAt(i);
      if (c == '%' || isBase64Char(c)) {
        int end = i;
        boolean percent = false;
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        while (end < n && (isBase64Char(s.charAt(end)) || s.charAt(end) == '%')) {
          char d = s.charAt(end);
          percent |= d == '%';
          upper |= d >= 'A' && d <= 'Z';
          lower |= d >= 'a' && d <= 'z';
          digit |= d >= '0' && d <= '9';
          end++;
        }
        // base64 mixes cases or digits with letters, hex has digits: a long plain word is neither
        boolean candidate = percent || (upper && lower) || digit;
        if (end - i >= MIN_BASE64 && candidate) {
          String run = s.substring(i, Math.min(end, i + MAX_BLOB_CHARS));
          Decoded d = percent ? percentDecode(run) : hexOrBase64(run);
          if (d != null && budget.take(d.text.length())) {
            out.add(d);
          }
        }
        i = end;
      } else {
        i++;
      }
    }
  }

  private static Decoded hexOrBase64(String run) {
    String core = run.indexOf('=') < 0 ? run : run.replace("=", "");
    boolean allHex = true;
    for (int k = 0; k < core.length() && allHex; k++) {
      allHex = isHex(core.charAt(k));
    }
    if (allHex && core.length() % 2 == 0 && core.length() >= 2 * MIN_HEX_BYTES) {
      String text = text(hexBytes(core));
      if (text != null) {
        return new Decoded("hex", text);
      }
    }
    if (!hasBase64Shape(core)) {
      return null;
    }
    String text = text(base64Bytes(core));
    return text == null ? null : new Decoded("base64", text);
  }

  /** Mixed case or digits: a long all-lower-case word is not worth decoding. */
  private static boolean hasBase64Shape(String s) {
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
      digit |= c >= '0' && c <= '9';
    }
    return (upper && lower) || (digit && (upper || lower));
  }

  private static byte[] base64Bytes(String s) {
    int[] buffer = new int[4];
    byte[] out = new byte[s.length() * 3 / 4 + 3];
    int len = 0;
    int filled = 0;
    for (int i = 0; i < s.length(); i++) {
      int v = base64Value(s.charAt(i));
      if (v < 0) {
        continue;
      }
      buffer[filled++] = v;
      if (filled == 4) {
        out[len++] = (byte) ((buffer[0] << 2) | (buffer[1] >> 4));
        out[len++] = (byte) ((buffer[1] << 4) | (buffer[2] >> 2));
        out[len++] = (byte) ((buffer[2] << 6) | buffer[3]);
        filled = 0;
      }
    }
    if (filled >= 2) {
      out[len++] = (byte) ((buffer[0] << 2) | (buffer[1] >> 4));
    }
    if (filled == 3) {
      out[len++] = (byte) ((buffer[1] << 4) | (buffer[2] >> 2));
    }
    return java.util.Arrays.copyOf(out, len);
  }

  private static int base64Value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '+' || c == '-') {
      return 62;
    }
    if (c == '/' || c == '_') {
      return 63;
    }
    return -1;
  }

  private static byte[] hexBytes(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (Character.digit(s.charAt(2 * i), 16) << 4 | Character.digit(s.charAt(2 * i + 1), 16));
    }
    return out;
  }

  private static Decoded percentDecode(String run) {
    byte[] out = new byte[run.length()];
    int len = 0;
    int escapes = 0;
    for (int i = 0; i < run.length(); i++) {
      char c = run.charAt(i);
      if (c == '%' && i + 2 < run.length() && isHex(run.charAt(i + 1)) && isHex(run.charAt(i + 2))) {
        out[len++] = (byte) (Character.digit(run.charAt(i + 1), 16) << 4 | Character.digit(run.charAt(i + 2), 16));
        i += 2;
        escapes++;
      } else if (c < 0x80) {
        out[len++] = (byte) c;
      }
    }
    if (escapes < 6) {
      return null;
    }
    String text = text(java.util.Arrays.copyOf(out, len));
    return text == null ? null : new Decoded("percent", text);
  }

  /** Hex bytes written apart: {@code 49 67 6e}, {@code 49:67:6e}, {@code \x49\x67\x6e}, {@code 0x49 0x67}. */
  private static void scanSpacedHex(String s, Budget budget, List<Decoded> out) {
    int n = s.length();
    int i = 0;
    StringBuilder hex = new StringBuilder();
    while (i < n && !budget.exhausted()) {
      int start = i;
      char first = s.charAt(i);
      if (!isHex(first) && first != '\\') {
        i = nextStart(s, i + 1);
        continue;
      }
      hex.setLength(0);
      int j = i;
      while (j < n && hex.length() < 2 * MAX_BLOB_CHARS) {
        int k = j;
        if (k + 1 < n && s.charAt(k) == '\\' && s.charAt(k + 1) == 'x') {
          k += 2;
        } else if (k + 1 < n && s.charAt(k) == '0' && s.charAt(k + 1) == 'x') {
          k += 2;
        }
        if (k + 1 < n && isHex(s.charAt(k)) && isHex(s.charAt(k + 1))
            && (k + 2 == n || !isHex(s.charAt(k + 2)))) {
          hex.append(s, k, k + 2);
          j = k + 2;
          if (j < n && (s.charAt(j) == ' ' || s.charAt(j) == ':' || s.charAt(j) == ',')) {
            j++;
          }
        } else {
          break;
        }
      }
      if (hex.length() >= 2 * MIN_HEX_BYTES) {
        String text = text(hexBytes(hex.toString()));
        if (text != null && budget.take(text.length())) {
          out.add(new Decoded("hex", text));
        }
        i = j;
      } else {
        i = nextStart(s, Math.max(j, start + 1));
      }
    }
  }

  /** The next possible start of a hex run at or after {@code i}: after a separator, or at a backslash. */
  private static int nextStart(String s, int i) {
    int n = s.length();
    while (i < n && s.charAt(i) != '\\' && !isSeparator(s.charAt(i - 1))) {
      i++;
    }
    return i;
  }

  private static boolean isSeparator(char c) {
    return c == ' ' || c == ':' || c == ',' || c == '\n' || c == '\t' || c == '(' || c == '[' || c == '"' || c == '\'';
  }

  /** The bytes as text if they are valid UTF-8 and read like text (mostly printable, some letters). */
  static String text(byte[] bytes) {
    if (bytes.length < 4) {
      return null;
    }
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    int printable = 0;
    int letters = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetter(c)) {
        letters++;
      }
      if (!Character.isISOControl(c) || c == '\n' || c == '\r' || c == '\t') {
        printable++;
      }
    }
    boolean reads = printable >= 0.95 * s.length() && letters >= 0.5 * s.length() - 2 && letters >= 3;
    return reads || isNested(s) ? s : null;
  }

  /** A blob whose text is itself a run of the base64 or hex alphabet: decoded again one level down. */
  private static boolean isNested(String s) {
    if (s.length() < MIN_BASE64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isBase64Char(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The sentences of {@code lower} with at least two common words in rot13 ("gur", "lbh", "vtaber"), at most {@link #MAX_BLOB_CHARS}. */
  private static String rot13Sentences(String lower) {
    StringBuilder out = new StringBuilder();
    int n = lower.length();
    int sentence = 0;
    int hits = 0;
    int i = 0;
    while (i <= n && out.length() < MAX_BLOB_CHARS) {
      char c = i < n ? lower.charAt(i) : '\n';
      if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ':') {
        if (hits >= 2) {
          out.append(lower, sentence, Math.min(i + 1, n)).append(' ');
        }
        sentence = i + 1;
        hits = 0;
        i++;
        continue;
      }
      if (c >= 'a' && c <= 'z' && (i == 0 || !Chars.isLetter(lower.charAt(i - 1)))) {
        int end = i;
        while (end < n && lower.charAt(end) >= 'a' && lower.charAt(end) <= 'z') {
          end++;
        }
        if (end - i <= 12 && isRot13Word(lower, i, end, c)) {
          hits++;
        }
        i = end;
        continue;
      }
      i++;
    }
    return out.length() > MAX_BLOB_CHARS ? out.substring(0, MAX_BLOB_CHARS) : out.toString().trim();
  }

  static String rot13(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'a' && c <= 'z') {
        sb.append((char) ('a' + (c - 'a' + 13) % 26));
      } else if (c >= 'A' && c <= 'Z') {
        sb.append((char) ('A' + (c - 'A' + 13) % 26));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
