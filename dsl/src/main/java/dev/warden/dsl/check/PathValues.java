package dev.warden.dsl.check;

import dev.warden.dsl.ast.Literal;
import dev.warden.dsl.ast.Path;
import dev.warden.dsl.parse.ParseResult;
import dev.warden.dsl.parse.PolicyParser;
import dev.warden.dsl.schema.FactPath;
import dev.warden.dsl.schema.Schema;
import dev.warden.dsl.schema.Type;
import java.util.Optional;

/**
 * Typed values for schema paths, as {@code given path = value} in rule tests and
 * {@code --set path=value} on the command line set them: one set of rules for both.
 */
public final class PathValues {
  private PathValues() {}

  /** A value for a path, or why there is none. */
  public sealed interface Result permits Ok, Failed {}

  /** The path and its value: a String, Double, Boolean or List of String. */
  public record Ok(FactPath path, Object value) implements Result {}

  /** Why: a code (T001 unknown path, T002 wrong type, T022 a path that cannot be given), message and hint. */
  public record Failed(dev.warden.dsl.diag.Code code, String message, Optional<String> hint) implements Result {}

  /** Types {@code value} for {@code path}; message texts are refused (they come from the messages). */
  public static Result typed(FactPath path, Literal value) {
    switch (path.field()) {
      case PROMPT_TEXT, SYSTEM_TEXT, RESPONSE_TEXT -> {
        return new Failed(dev.warden.dsl.diag.Code.T022, "`" + path.text() + "` comes from the messages",
            Optional.of("write: given " + path.field().root() + " \"...\""));
      }
      default -> { }
    }
    Object v = switch (value) {
      case Literal.StrLit s when path.type() == Type.STRING -> s.value();
      case Literal.NumLit n when path.type() == Type.NUMBER -> n.value().doubleValue();
      case Literal.BoolLit b when path.type() == Type.BOOL -> b.value();
      case Literal.ListLit l when path.type() == Type.LIST
          && l.items().stream().allMatch(i -> i instanceof Literal.StrLit) ->
          l.items().stream().map(i -> ((Literal.StrLit) i).value()).toList();
      default -> null;
    };
    if (v == null) {
      return new Failed(dev.warden.dsl.diag.Code.T002, "`" + path.text() + "` is a " + path.type().label() + "; " + Literal.show(value) + " is not",
          Optional.of(example(path.type())));
    }
    return new Ok(path, v);
  }

  /**
   * Parses {@code path} and {@code value} as written on a command line. A value that is not a
   * literal of the language (a bare word such as {@code oncology}) is taken as a string.
   */
  public static Result parse(String pathText, String valueText) {
    ParseResult<Path> parsed = PolicyParser.parsePath(pathText.strip());
    if (parsed.value().isEmpty()) {
      return new Failed(dev.warden.dsl.diag.Code.T001, "`" + pathText + "` is not a path", Optional.of("e.g. injection.score or budget(team).used"));
    }
    FactPath path;
    switch (Schema.resolve(parsed.value().get())) {
      case Schema.Resolution.Ok ok -> path = ok.path();
      case Schema.Resolution.Failed f -> {
        return new Failed(dev.warden.dsl.diag.Code.T001, f.why().message(), f.why().suggestion().map(s -> "did you mean `" + s + "`?"));
      }
    }
    String raw = valueText.strip();
    Literal value = PolicyParser.parseLiteral(raw).value()
        .orElseGet(() -> new Literal.StrLit(raw, dev.warden.dsl.source.Span.synthetic("value")));
    if (path.type() == Type.STRING && !(value instanceof Literal.StrLit)) {
      value = new Literal.StrLit(raw, value.span());
    }
    return typed(path, value);
  }

  private static String example(Type t) {
    return switch (t) {
      case STRING -> "write a string: \"...\"";
      case NUMBER -> "write a number: 42, 0.5 or 80%";
      case BOOL -> "write true or false";
      case LIST -> "write a list of strings: [\"a\", \"b\"]";
    };
  }
}
