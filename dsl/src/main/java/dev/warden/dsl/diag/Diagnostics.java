package dev.warden.dsl.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A collector of diagnostics for one stage; stages return its immutable snapshot. */
public final class Diagnostics {
  private final List<Diagnostic> items = new ArrayList<>();

  public void add(Diagnostic d) {
    items.add(d);
  }

  public void addAll(List<Diagnostic> ds) {
    items.addAll(ds);
  }

  public boolean hasErrors() {
    return items.stream().anyMatch(Diagnostic::isError);
  }

  public int errorCount() {
    return (int) items.stream().filter(Diagnostic::isError).count();
  }

  public int size() {
    return items.size();
  }

  /** The diagnostics in source order (file, offset), then in the order they were found; each once. */
  public List<Diagnostic> toList() {
    List<Diagnostic> sorted = new ArrayList<>(new java.util.LinkedHashSet<>(items));
    sorted.sort(ORDER);
    return List.copyOf(sorted);
  }

  /** Source order: by file, then offset; stable for equal positions. */
  public static final Comparator<Diagnostic> ORDER =
      Comparator.comparing((Diagnostic d) -> d.span().file()).thenComparingInt(d -> d.span().start());

  public static boolean hasErrors(List<Diagnostic> ds) {
    return ds.stream().anyMatch(Diagnostic::isError);
  }
}
