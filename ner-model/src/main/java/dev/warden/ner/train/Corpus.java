package dev.warden.ner.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The training corpus: each template filled many times with {@link SyntheticValues}, each
 * hand-written sentence as it is, and a share of both in lower case (chat) and upper case
 * (shouting, legacy systems), since names are written that way too.
 */
final class Corpus {
  private final SyntheticValues values;

  Corpus(SyntheticValues values) {
    this.values = values;
  }

  /** The non-comment, non-blank lines of a corpus file. */
  static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  List<LabelledText> build(List<String> templates, int fillsPerTemplate, List<String> handWritten, int copies) {
    List<LabelledText> out = new ArrayList<>();
    for (String template : templates) {
      for (int k = 0; k < fillsPerTemplate; k++) {
        out.add(vary(fill(template)));
      }
    }
    for (String line : handWritten) {
      LabelledText t = LabelledText.parse(line);
      for (int k = 0; k < copies; k++) {
        out.add(k == 0 ? t : vary(t));
      }
    }
    return out;
  }

  private LabelledText vary(LabelledText t) {
    int r = values.random().nextInt(100);
    return r < 8 ? t.recased(false) : r < 11 ? t.recased(true) : t;
  }

  /** One filled template, its names marked. */
  LabelledText fill(String template) {
    StringBuilder marked = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      int close = c == '{' ? template.indexOf('}', i) : -1;
      if (close < 0) {
        marked.append(c);
        i++;
        continue;
      }
      String slot = template.substring(i + 1, close);
      marked.append(render(slot));
      i = close + 1;
    }
    return LabelledText.parse(marked.toString());
  }

  private String render(String slot) {
    return switch (slot) {
      case "PERSON" -> mark("PERSON", values::person);
      case "FIRST" -> mark("PERSON", values::firstName);
      case "LAST" -> mark("PERSON", values::lastName);
      case "CITY" -> mark("LOCATION", values::city);
      case "COUNTRY" -> mark("LOCATION", values::country);
      case "REGION" -> mark("LOCATION", values::region);
      case "LOC" -> mark("LOCATION", values::location);
      case "ORG" -> mark("ORGANIZATION", values::organization);
      case "COMPANY" -> mark("ORGANIZATION", values::company);
      case "BANK" -> mark("ORGANIZATION", values::bank);
      case "UNIVERSITY" -> mark("ORGANIZATION", values::university);
      case "HOSPITAL" -> mark("ORGANIZATION", values::hospital);
      case "TITLE" -> values.title();
      case "ROLE" -> values.role();
      case "UI" -> values.ui();
      case "STATUS" -> values.status();
      case "TECH" -> values.tech();
      case "HEADING" -> values.heading();
      case "METRIC" -> values.metric();
      case "WEEKDAY" -> values.weekday();
      case "MONTH" -> values.month();
      case "PRODUCT" -> values.product();
      case "APP" -> values.app();
      case "ORDER" -> values.order();
      case "VERSION" -> values.version();
      case "TIME" -> values.time();
      case "DATE" -> values.date();
      case "HASH" -> values.hash();
      case "CODE" -> values.code();
      case "NUM" -> values.number();
      case "JOB" -> values.job();
      case "DEPT" -> values.dept();
      case "EMAIL" -> values.email();
      case "MONEY" -> values.money();
      case "PHONE" -> values.phone();
      default -> throw new IllegalArgumentException("unknown template slot {" + slot + "}");
    };
  }

  private static String mark(String type, Supplier<String> value) {
    String v = value.get().replace("[", "").replace("]", "");
    return "[" + type + " " + v + "]";
  }
}
