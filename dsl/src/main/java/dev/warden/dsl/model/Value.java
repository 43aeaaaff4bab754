package dev.warden.dsl.model;

import dev.warden.dsl.schema.FactPath;
import dev.warden.dsl.schema.Type;
import java.util.List;
import java.util.Objects;

/** A typed operand of a checked condition. */
public sealed interface Value permits Value.Const, Value.Fact, Value.Count {
  Type type();

  /** A constant: a String, a Double, a Boolean or a List of String. */
  record Const(Object value, Type type) implements Value {
    public Const {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(type, "type");
      if (value instanceof List<?> l) {
        value = List.copyOf(l);
      }
    }

    public static Const of(String s) {
      return new Const(s, Type.STRING);
    }

    public static Const of(double d) {
      return new Const(d, Type.NUMBER);
    }

    public static Const of(boolean b) {
      return new Const(b, Type.BOOL);
    }

    public static Const of(List<String> items) {
      return new Const(items, Type.LIST);
    }

    @SuppressWarnings("unchecked")
    public List<String> asList() {
      return (List<String>) value;
    }
  }

  /**
   * A value from the facts. {@code candidate} is set for {@code model.*} inside {@code route
   * where}, where it means each model considered rather than the model asked for.
   */
  record Fact(FactPath path, boolean candidate) implements Value {
    public Fact {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public Type type() {
      return path.type();
    }
  }

  /** {@code count(target, TYPE)}: detections of a type that pass its threshold. */
  record Count(Enums.Target target, String entity) implements Value {
    public Count {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(entity, "entity");
    }

    @Override
    public Type type() {
      return Type.NUMBER;
    }
  }
}
