package dev.warden.dsl.source;

import java.util.Arrays;
import java.util.Objects;

/**
 * The text of one policy or test file and where it came from. Knows where its lines start so
 * that offsets become line and column numbers, and a diagnostic can show the line it is about.
 */
public final class SourceFile {
  private final String path;
  private final String text;
  private final int[] lineStarts;

  public SourceFile(String path, String text) {
    this.path = Objects.requireNonNull(path, "path");
    this.text = Objects.requireNonNull(text, "text");
    this.lineStarts = computeLineStarts(text);
  }

  private static int[] computeLineStarts(String text) {
    int[] starts = new int[16];
    int n = 0;
    starts[n++] = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        if (n == starts.length) {
          starts = Arrays.copyOf(starts, n * 2);
        }
        starts[n++] = i + 1;
      }
    }
    return Arrays.copyOf(starts, n);
  }

  /** The path as the user named it; used in diagnostics. */
  public String path() {
    return path;
  }

  public String text() {
    return text;
  }

  /** The number of lines; an empty file has one (empty) line. */
  public int lineCount() {
    return lineStarts.length;
  }

  /** The 1-based line of a char offset. */
  public int lineOf(int offset) {
    int idx = Arrays.binarySearch(lineStarts, Math.max(0, Math.min(offset, text.length())));
    return idx >= 0 ? idx + 1 : -idx - 1;
  }

  /** The 1-based column of a char offset, counted in code points. */
  public int columnOf(int offset) {
    int clamped = Math.max(0, Math.min(offset, text.length()));
    int start = lineStarts[lineOf(clamped) - 1];
    return text.codePointCount(start, clamped) + 1;
  }

  /** The char offset of a 1-based line and column (columns in code points). */
  public int offsetOf(int line, int column) {
    int l = Math.max(1, Math.min(line, lineStarts.length));
    int start = lineStarts[l - 1];
    int end = lineEnd(l);
    int off = start;
    for (int c = 1; c < column && off < end; c++) {
      off += Character.charCount(text.codePointAt(off));
    }
    return off;
  }

  /** The text of a 1-based line without its line terminator. */
  public String line(int line) {
    if (line < 1 || line > lineStarts.length) {
      return "";
    }
    return text.substring(lineStarts[line - 1], lineEnd(line));
  }

  private int lineEnd(int line) {
    int end = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
    if (end > lineStarts[line - 1] && end <= text.length() && end > 0 && text.charAt(end - 1) == '\r') {
      end--;
    }
    return Math.max(end, lineStarts[line - 1]);
  }

  /** A span from one char offset to another in this file. */
  public Span span(int start, int end) {
    int s = Math.max(0, Math.min(start, text.length()));
    int e = Math.max(s, Math.min(end, text.length()));
    return new Span(path, s, e, lineOf(s), columnOf(s));
  }

  @Override
  public String toString() {
    return path;
  }
}
