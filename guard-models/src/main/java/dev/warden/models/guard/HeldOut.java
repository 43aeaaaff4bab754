package dev.warden.models.guard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The held-out parts of the guard corpus: examples from templates and hand-written lines that
 * the classifiers were not trained on, stored next to the models as tab-separated lines (tabs,
 * newlines and backslashes in texts escaped).
 */
public final class HeldOut {
  /** Resource names, relative to this package. */
  public static final String INJECTION = "injection-heldout.tsv";
  public static final String SAFETY = "safety-heldout.tsv";

  /** A labelled injection example: {@code category} is the attack family or the benign kind. */
  public record Injection(String text, boolean injection, String category) {
    public Injection {
      Objects.requireNonNull(text);
      Objects.requireNonNull(category);
    }

    public String line() {
      return (injection ? "injection" : "benign") + "\t" + escape(category) + "\t" + escape(text);
    }
  }

  /** A labelled safety example: the categories it belongs to (none for safe text). */
  public record Safety(String text, Set<String> labels) {
    public Safety {
      Objects.requireNonNull(text);
      labels = Set.copyOf(labels);
    }

    public String line() {
      return String.join(",", labels.stream().sorted().toList()) + "\t" + escape(text);
    }
  }

  private HeldOut() {
  }

  static List<Injection> readInjection(String resource) {
    List<Injection> out = new ArrayList<>();
    for (String line : lines(resource)) {
      String[] cols = line.split("\t", 3);
      out.add(new Injection(unescape(cols[2]), cols[0].equals("injection"), unescape(cols[1])));
    }
    return List.copyOf(out);
  }

  static List<Safety> readSafety(String resource) {
    List<Safety> out = new ArrayList<>();
    for (String line : lines(resource)) {
      String[] cols = line.split("\t", 2);
      Set<String> labels = cols[0].isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(cols[0].split(",")));
      out.add(new Safety(unescape(cols[1]), labels));
    }
    return List.copyOf(out);
  }

  private static List<String> lines(String resource) {
    try (InputStream in = HeldOut.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("held-out set missing from the classpath: " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return r.lines().filter(l -> !l.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Escapes backslash, tab, newline and carriage return. */
  public static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The inverse of {@link #escape}. */
  public static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char d = s.charAt(++i);
        sb.append(switch (d) {
          case 't' -> '\t';
          case 'n' -> '\n';
          case 'r' -> '\r';
          default -> d;
        });
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
