package dev.warden.dsl.model;

import dev.warden.dsl.schema.FactPath;
import java.util.List;
import java.util.Objects;

/** A message with resolved {@code ${path}} parts, filled in from the facts when the rule fires. */
public record Msg(List<Piece> pieces) {
  public Msg {
    pieces = List.copyOf(pieces);
  }

  public static Msg text(String s) {
    return new Msg(List.of(new Lit(s)));
  }

  /** Literal text or a value to interpolate. */
  public sealed interface Piece permits Lit, Ref {}

  public record Lit(String text) implements Piece {
    public Lit {
      Objects.requireNonNull(text, "text");
    }
  }

  public record Ref(FactPath path) implements Piece {
    public Ref {
      Objects.requireNonNull(path, "path");
    }
  }

  /** The message as written, with {@code ${path}} for each value. */
  public String source() {
    StringBuilder b = new StringBuilder();
    for (Piece p : pieces) {
      switch (p) {
        case Lit l -> b.append(l.text().replace("${", "$${"));
        case Ref r -> b.append("${").append(r.path().text()).append('}');
      }
    }
    return b.toString();
  }
}
