package dev.warden.gateway.pipeline;

import dev.warden.engine.detect.Detection;
import java.util.List;

/**
 * Where a streamed answer may be cut between text already checked and sent and text still held
 * back. A cut must never split something a detector could recognise only once it is whole, so
 * it moves back to before: any detected entity it would cut; a pseudonym token ({@code
 * <EMAIL_1>}); a token-like run (characters without whitespace, such as a JWT or an API key,
 * which often match only once their last characters arrived); a PEM block from its {@code
 * -----BEGIN} to the end of its {@code -----END ...-----} line; and a surrogate pair. Runs and
 * PEM blocks are held whole up to a bound, past which an overlong run is cut at punctuation
 * that no token contains, or else released (text that size is not one credential). Pure.
 */
final class HoldBack {
  /** The longest token-like run held whole. */
  static final int MAX_RUN = 4096;
  /** The longest PEM block held whole. */
  static final int MAX_PEM = 16 * 1024;
  private static final String BEGIN = "-----BEGIN";
  private static final String END = "-----END";

  private HoldBack() {}

  /**
   * The cut at or before {@code target}, never before {@code released} (text already sent);
   * {@code released} itself when nothing can go yet.
   *
   * @param detections entities found in {@code text} (at any score), by offset in {@code text}
   */
  static int boundary(String text, int released, int target, List<Detection> detections) {
    int b = Math.max(released, Math.min(target, text.length()));
    int previous = -1;
    while (b != previous && b > released) {
      previous = b;
      for (Detection d : detections) {
        if (d.start() < b && d.end() > b) {
          b = d.start();
        }
      }
      int open = text.lastIndexOf('<', b - 1);
      if (open >= 0 && b - open < 40 && text.indexOf('>', open) >= b) {
        b = open;
      }
      b = beforeRun(text, b);
      b = beforePem(text, released, b);
    }
    if (b > 0 && b < text.length() && Character.isLowSurrogate(text.charAt(b))) {
      b--;
    }
    return Math.max(released, b);
  }

  /**
   * Before the token-like run {@code b} would cut; in a run longer than {@link #MAX_RUN} (what
   * has arrived of it), at the last punctuation no token contains, or at {@code b}.
   */
  static int beforeRun(String text, int b) {
    if (b <= 0 || b >= text.length() || isSpace(text.charAt(b - 1)) || isSpace(text.charAt(b))) {
      return b;
    }
    int start = b;
    while (start > 0 && !isSpace(text.charAt(start - 1))) {
      start--;
    }
    int end = b;
    while (end < text.length() && !isSpace(text.charAt(end))) {
      end++;
    }
    if (end - start <= MAX_RUN) {
      return start;
    }
    for (int i = b; i > Math.max(start, b - MAX_RUN); i--) {
      if (breaksTokens(text.charAt(i - 1))) {
        return i;
      }
    }
    return b;
  }

  /** Before the first PEM block, begun after {@code from}, that is not complete before {@code b}. */
  static int beforePem(String text, int from, int b) {
    int at = text.indexOf(BEGIN, from);
    while (at >= 0 && at < b) {
      int end = text.indexOf(END, at + BEGIN.length());
      int close = end < 0 ? -1 : text.indexOf("-----", end + END.length());
      int blockEnd = close < 0 ? -1 : close + 5;
      if (blockEnd < 0 || blockEnd > b) {
        return b - at > MAX_PEM ? b : at;
      }
      at = text.indexOf(BEGIN, blockEnd);
    }
    return b;
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /** Punctuation found in JSON, prose and code but in no key, token or JWT alphabet. */
  private static boolean breaksTokens(char c) {
    return c == ',' || c == ';' || c == '"' || c == '\'' || c == '(' || c == ')' || c == '[' || c == ']'
        || c == '{' || c == '}' || c == '<' || c == '>' || c == '|' || c == '`';
  }
}
