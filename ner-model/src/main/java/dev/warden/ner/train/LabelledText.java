package dev.warden.ner.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A training text and its gold names, as char ranges [start, end) of the text. */
record LabelledText(String text, List<Gold> names) {
  record Gold(String type, int start, int end) {
  }

  LabelledText {
    Objects.requireNonNull(text, "text");
    names = List.copyOf(names);
  }

  /**
   * Parses inline marks: {@code [PERSON Ada Lovelace] met [ORGANIZATION Acme]}. A literal
   * {@code \n} is a line break.
   */
  static LabelledText parse(String marked) {
    String s = marked.replace("\\n", "\n");
    StringBuilder text = new StringBuilder();
    List<Gold> names = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '[') {
        int space = s.indexOf(' ', i);
        int close = s.indexOf(']', i);
        String type = space > 0 ? s.substring(i + 1, space) : "";
        if (close > space && space > 0 && (type.equals("PERSON") || type.equals("LOCATION")
            || type.equals("ORGANIZATION"))) {
          int start = text.length();
          text.append(s, space + 1, close);
          names.add(new Gold(type, start, text.length()));
          i = close + 1;
          continue;
        }
      }
      text.append(c);
      i++;
    }
    return new LabelledText(text.toString(), names);
  }

  /** The same text with every letter in upper or lower case; offsets stay (case maps char by char). */
  LabelledText recased(boolean upper) {
    char[] cs = text.toCharArray();
    for (int k = 0; k < cs.length; k++) {
      cs[k] = upper ? Character.toUpperCase(cs[k]) : Character.toLowerCase(cs[k]);
    }
    return new LabelledText(new String(cs), names);
  }

  /** The text with marks, as the corpus dump shows it. */
  String marked() {
    StringBuilder sb = new StringBuilder();
    int at = 0;
    for (Gold g : names) {
      sb.append(text, at, g.start()).append('[').append(g.type()).append(' ').append(text, g.start(), g.end())
          .append(']');
      at = g.end();
    }
    return sb.append(text.substring(at)).toString().replace("\n", "\\n");
  }
}
