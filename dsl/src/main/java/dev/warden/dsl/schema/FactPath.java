package dev.warden.dsl.schema;

import java.util.Objects;
import java.util.Optional;

/** A resolved path: a schema field and, for {@code budget(S)} and {@code request.tags["k"]}, its argument. */
public record FactPath(Field field, Optional<String> arg) {
  public FactPath {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(arg, "arg");
  }

  public static FactPath of(Field field) {
    return new FactPath(field, Optional.empty());
  }

  public static FactPath of(Field field, String arg) {
    return new FactPath(field, Optional.of(arg));
  }

  public Type type() {
    return field.type();
  }

  /** The path as written in a policy. */
  public String text() {
    String p = field.pattern();
    if (arg.isEmpty()) {
      return p;
    }
    return field == Field.REQUEST_TAG
        ? p.replace("*", "\"" + arg.get().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
        : p.replace("*", arg.get());
  }

  @Override
  public String toString() {
    return text();
  }
}
