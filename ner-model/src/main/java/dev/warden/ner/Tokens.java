package dev.warden.ner;

import java.util.Arrays;

/**
 * The tokens of one text, as parallel arrays: char offsets, text, lower-cased text, shape flags
 * and whether each token starts a sentence (or a line). Built once per text by {@link Tokenizer}
 * and read, never changed, by candidate generation and features; not shared between threads.
 */
public final class Tokens {
  /** A word (letters, with inner apostrophes, hyphens or dots); else punctuation or a number. */
  public static final int WORD = 1;
  /** Starts with an upper-case letter. */
  public static final int CAP = 1 << 1;
  /** Two or more letters, all upper case. */
  public static final int ALL_CAPS = 1 << 2;
  /** All letters lower case. */
  public static final int LOWER = 1 << 3;
  /** Holds a digit. */
  public static final int DIGIT = 1 << 4;
  /** An upper-case letter after the first character that is not a known name pattern (code-like). */
  public static final int CAMEL = 1 << 5;
  /** A single upper-case letter, possibly with its period: an initial. */
  public static final int INITIAL = 1 << 6;
  /** Holds an inner character such as {@code @ / _ :} or a dot between letters (identifiers, mails, paths). */
  public static final int CODE = 1 << 7;

  private final String text;
  private int size;
  private int[] start;
  private int[] end;
  private int[] flags;
  private boolean[] sentenceStart;
  private String[] lower;

  Tokens(String text, int capacity) {
    this.text = text;
    int c = Math.max(8, capacity);
    start = new int[c];
    end = new int[c];
    flags = new int[c];
    sentenceStart = new boolean[c];
    lower = new String[c];
  }

  void add(int s, int e, int f, boolean sentStart) {
    if (size == start.length) {
      int c = size * 2;
      start = Arrays.copyOf(start, c);
      end = Arrays.copyOf(end, c);
      flags = Arrays.copyOf(flags, c);
      sentenceStart = Arrays.copyOf(sentenceStart, c);
      lower = Arrays.copyOf(lower, c);
    }
    start[size] = s;
    end[size] = e;
    flags[size] = f;
    sentenceStart[size] = sentStart;
    size++;
  }

  public String source() {
    return text;
  }

  public int size() {
    return size;
  }

  public int start(int i) {
    return start[i];
  }

  public int end(int i) {
    return end[i];
  }

  public int flags(int i) {
    return flags[i];
  }

  public boolean has(int i, int flag) {
    return (flags[i] & flag) != 0;
  }

  public boolean sentenceStart(int i) {
    return sentenceStart[i];
  }

  public String text(int i) {
    return text.substring(start[i], end[i]);
  }

  /** The token lower-cased (Locale.ROOT), computed once. */
  public String lower(int i) {
    String l = lower[i];
    if (l == null) {
      l = Tokenizer.lower(text, start[i], end[i]);
      lower[i] = l;
    }
    return l;
  }

  /** The lower-cased tokens [from, to) joined by single spaces: the key gazetteers use. */
  public String key(int from, int to) {
    if (to - from == 1) {
      return lower(from);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      if (i > from) {
        sb.append(' ');
      }
      sb.append(lower(i));
    }
    return sb.toString();
  }

  /** The index of the token starting at char {@code offset}, or -1. */
  public int tokenStartingAt(int offset) {
    int i = Arrays.binarySearch(start, 0, size, offset);
    return i >= 0 ? i : -1;
  }

  /** The index of the token ending at char {@code offset}, or -1. */
  public int tokenEndingAt(int offset) {
    int i = Arrays.binarySearch(end, 0, size, offset);
    return i >= 0 ? i : -1;
  }
}
