package dev.warden.dsl.diag;

import dev.warden.dsl.source.SourceFile;
import dev.warden.dsl.source.Span;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders diagnostics for people:
 *
 * <pre>
 * rule-packs/x/a.policy:5:8: error[WDN-T001]: unknown path `principal.teem`
 *    5 |   when principal.teem == "a"
 *      |        ^^^^^^^^^^^^^^
 *      = help: did you mean `principal.team`?
 * </pre>
 */
public final class DiagnosticPrinter {
  private static final int MAX_SHOWN_LINE = 200;
  private final Function<String, SourceFile> sources;

  public DiagnosticPrinter(Function<String, SourceFile> sources) {
    this.sources = sources;
  }

  public static DiagnosticPrinter of(Map<String, SourceFile> byPath) {
    return new DiagnosticPrinter(byPath::get);
  }

  public String print(List<Diagnostic> diagnostics) {
    StringBuilder out = new StringBuilder();
    for (Diagnostic d : diagnostics) {
      out.append(print(d));
    }
    return out.toString();
  }

  public String print(Diagnostic d) {
    StringBuilder out = new StringBuilder(printable(d.headline())).append('\n');
    Span span = d.span();
    SourceFile file = sources.apply(span.file());
    String gutter = " ".repeat(String.valueOf(span.line()).length() + 1);
    if (file != null && span.line() <= file.lineCount()) {
      String line = file.line(span.line());
      int col = span.column();
      int width = caretWidth(file, span, line);
      String shown = line;
      if (shown.codePointCount(0, shown.length()) > MAX_SHOWN_LINE) {
        int from = Math.max(0, col - 1 - MAX_SHOWN_LINE / 2);
        shown = substringCodePoints(line, from, from + MAX_SHOWN_LINE);
        col -= from;
        width = Math.min(width, MAX_SHOWN_LINE - col + 1);
      }
      shown = printable(shown);
      out.append(' ').append(span.line()).append(" | ").append(shown).append('\n');
      out.append(gutter).append(" | ").append(padTo(shown, col - 1)).append("^".repeat(Math.max(1, width))).append('\n');
    }
    d.hint().ifPresent(h -> out.append(gutter).append(" = help: ").append(printable(h)).append('\n'));
    return out.toString();
  }

  private static int caretWidth(SourceFile file, Span span, String line) {
    int startCol = span.column();
    int lineLen = line.codePointCount(0, line.length());
    if (span.end() <= span.start()) {
      return 1;
    }
    int endLine = file.lineOf(span.end());
    int endCol = endLine == span.line() ? file.columnOf(span.end()) : lineLen + 1;
    return Math.max(1, Math.min(endCol, lineLen + 1) - startCol);
  }

  /** Spaces (tabs kept) up to a column so the caret lines up under tab-indented code. */
  private static String padTo(String line, int cols) {
    StringBuilder pad = new StringBuilder();
    int i = 0;
    int c = 0;
    while (c < cols) {
      if (i < line.length()) {
        int cp = line.codePointAt(i);
        pad.append(cp == '\t' ? '\t' : ' ');
        i += Character.charCount(cp);
      } else {
        pad.append(' ');
      }
      c++;
    }
    return pad.toString();
  }

  private static String substringCodePoints(String s, int from, int to) {
    int start = s.offsetByCodePoints(0, Math.min(from, s.codePointCount(0, s.length())));
    int n = s.codePointCount(start, s.length());
    int end = s.offsetByCodePoints(start, Math.min(to - from, n));
    return s.substring(start, end);
  }

  /** Control characters shown as '?', so a binary file cannot garble the terminal. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      if (cp == '\t' || (cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0))) {
        b.appendCodePoint(cp);
      } else {
        b.append('?');
      }
    });
    return b.toString();
  }
}
