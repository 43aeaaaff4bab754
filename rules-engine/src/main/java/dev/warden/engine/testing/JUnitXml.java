package dev.warden.engine.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A test report in the JUnit XML format CI systems read: one testsuite per test file. */
public final class JUnitXml {
  private JUnitXml() {}

  public static String of(TestReport report) {
    Map<String, List<TestReport.CaseResult>> byFile = new LinkedHashMap<>();
    for (TestReport.CaseResult c : report.cases()) {
      byFile.computeIfAbsent(c.file(), k -> new java.util.ArrayList<>()).add(c);
    }
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.append("<testsuites tests=\"").append(report.cases().size()).append("\" failures=\"").append(report.failed())
        .append("\">\n");
    byFile.forEach((file, cases) -> {
      long failures = cases.stream().filter(c -> !c.passed()).count();
      double secs = cases.stream().mapToLong(TestReport.CaseResult::micros).sum() / 1e6;
      x.append("  <testsuite name=\"").append(esc(file)).append("\" tests=\"").append(cases.size())
          .append("\" failures=\"").append(failures).append("\" time=\"").append(fmt(secs)).append("\">\n");
      for (TestReport.CaseResult c : cases) {
        x.append("    <testcase classname=\"").append(esc(file)).append("\" name=\"").append(esc(c.name()))
            .append("\" time=\"").append(fmt(c.micros() / 1e6)).append('"');
        if (c.passed()) {
          x.append("/>\n");
        } else {
          x.append(">\n      <failure message=\"").append(esc(c.failures().isEmpty() ? "failed" : c.failures().getFirst()))
              .append("\">").append(esc(String.join("\n", c.failures()))).append("</failure>\n    </testcase>\n");
        }
      }
      x.append("  </testsuite>\n");
    });
    return x.append("</testsuites>\n").toString();
  }

  private static String fmt(double secs) {
    return String.format(Locale.ROOT, "%.6f", secs);
  }

  private static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      switch (cp) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\n' -> b.append("&#10;");
        default -> {
          if (cp < 0x20 && cp != '\t') {
            b.append('?');
          } else {
            b.appendCodePoint(cp);
          }
        }
      }
    });
    return b.toString();
  }
}
