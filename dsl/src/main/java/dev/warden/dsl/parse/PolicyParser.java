package dev.warden.dsl.parse;

import dev.warden.dsl.ast.Literal;
import dev.warden.dsl.ast.Path;
import dev.warden.dsl.ast.PolicyFile;
import dev.warden.dsl.ast.TestFile;
import dev.warden.dsl.diag.Code;
import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.Diagnostics;
import dev.warden.dsl.source.SourceFile;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Text to AST. Never prints and never throws on bad input: lexical problems (unterminated
 * strings, stray characters), nesting deeper than {@link #MAX_DEPTH} and syntax errors become
 * diagnostics, and no AST is returned for a file with errors.
 */
public final class PolicyParser {
  /** The deepest nesting of parentheses and brackets accepted. */
  public static final int MAX_DEPTH = 64;

  private PolicyParser() {}

  /** Parses a {@code *.policy} file. */
  public static ParseResult<PolicyFile> parsePolicy(SourceFile file) {
    return parse(file, "a policy file starts with: pack \"<name>\" version \"<semver>\"",
        WardenParser::policyFile, (ctx, b) -> b.policyFile((WardenParser.PolicyFileContext) ctx));
  }

  /** Parses a {@code *.policytest} file. */
  public static ParseResult<TestFile> parseTests(SourceFile file) {
    return parse(file, "a test file starts with: tests \"<pack>\", ...",
        WardenParser::testFile, (ctx, b) -> b.testFile((WardenParser.TestFileContext) ctx));
  }

  /** Parses a path written on its own, e.g. {@code budget(team).used} given on a command line. */
  public static ParseResult<Path> parsePath(String text) {
    SourceFile sub = new SourceFile("<path>", text);
    return parse(sub, "a path such as principal.team", WardenParser::interpolation,
        (ctx, b) -> b.path(((WardenParser.InterpolationContext) ctx).path()), new Diagnostics(), false);
  }

  /** Parses a value written on its own: a string, number, percentage, boolean or list. */
  public static ParseResult<Literal> parseLiteral(String text) {
    SourceFile sub = new SourceFile("<value>", text);
    return parse(sub, "a value such as \"eu\", 0.9, 85% or [\"a\"]", WardenParser::literalValue,
        (ctx, b) -> b.literal(((WardenParser.LiteralValueContext) ctx).literal()), new Diagnostics(), false);
  }

  /** Parses the text of a path, as found inside {@code ${...}}; offsets are relative to {@code base}. */
  static Optional<Path> parseInterpolation(SourceFile file, int base, String text, Diagnostics out) {
    SourceFile sub = new SourceFile(file.path(), text);
    Diagnostics local = new Diagnostics();
    ParseResult<Path> r = parse(sub, "a path such as principal.team", WardenParser::interpolation,
        (ctx, b) -> b.path(((WardenParser.InterpolationContext) ctx).path()), local, false);
    if (!r.ok()) {
      out.add(Diagnostic.of(Code.P012, file.span(base, base + text.length()),
          "`${" + text + "}` is not a path", "write a path such as ${principal.team}; write $${ for a literal ${"));
      return Optional.empty();
    }
    return r.value().map(p -> rebase(p, file, base));
  }

  /** Moves the spans of a path parsed from a substring to where that substring sits in {@code file}. */
  private static Path rebase(Path p, SourceFile file, int base) {
    java.util.List<Path.Segment> segments = new java.util.ArrayList<>();
    for (Path.Segment s : p.segments()) {
      dev.warden.dsl.source.Span at = file.span(base + s.span().start(), base + s.span().end());
      segments.add(switch (s) {
        case Path.Field f -> new Path.Field(f.name(), at);
        case Path.Key k -> new Path.Key(k.key(), at);
        case Path.Call c -> new Path.Call(c.name(), c.arg(), at);
      });
    }
    return new Path(segments, file.span(base + p.span().start(), base + p.span().end()));
  }

  private interface Builder<T> {
    T build(ParserRuleContext ctx, AstBuilder builder);
  }

  private static <T> ParseResult<T> parse(SourceFile file, String startHint,
      Function<WardenParser, ParserRuleContext> entry, Builder<T> build) {
    Diagnostics out = new Diagnostics();
    return parse(file, startHint, entry, build, out, true);
  }

  private static <T> ParseResult<T> parse(SourceFile file, String startHint,
      Function<WardenParser, ParserRuleContext> entry, Builder<T> build, Diagnostics out, boolean wholeFile) {
    WardenLexer lexer = new WardenLexer(CharStreams.fromString(file.text(), file.path()));
    lexer.removeErrorListeners();
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    tokens.fill();
    if (wholeFile && tokens.size() <= 1) {
      out.add(Diagnostic.of(Code.P008, file.span(0, 0), "the file is empty", startHint));
      return new ParseResult<>(Optional.empty(), out.toList());
    }
    if (!lexicallyValid(file, tokens.getTokens(), out)) {
      return new ParseResult<>(Optional.empty(), out.toList());
    }
    ParserRuleContext tree = parseTree(file, tokens, entry, out);
    if (tree == null || out.hasErrors()) {
      return new ParseResult<>(Optional.empty(), out.toList());
    }
    AstBuilder builder = new AstBuilder(file, out);
    T value = build.build(tree, builder);
    return new ParseResult<>(out.hasErrors() ? Optional.empty() : Optional.of(value), out.toList());
  }

  /** Two-stage parse: fast SLL with bail-out, then full LL with error reporting if SLL failed. */
  private static ParserRuleContext parseTree(SourceFile file, CommonTokenStream tokens,
      Function<WardenParser, ParserRuleContext> entry, Diagnostics out) {
    WardenParser parser = new WardenParser(tokens);
    parser.removeErrorListeners();
    parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
    parser.setErrorHandler(new BailErrorStrategy());
    try {
      return entry.apply(parser);
    } catch (ParseCancellationException sllFailed) {
      tokens.seek(0);
      parser.reset();
      parser.getInterpreter().setPredictionMode(PredictionMode.LL);
      parser.setErrorHandler(new DefaultErrorStrategy());
      parser.addErrorListener(new SyntaxErrors(file, out));
      try {
        return entry.apply(parser);
      } catch (SyntaxErrors.TooMany tooMany) {
        return null;
      }
    }
  }

  /** Reports what the lexer could only half-recognise, and nesting too deep to parse safely. */
  private static boolean lexicallyValid(SourceFile file, List<Token> tokens, Diagnostics out) {
    int depth = 0;
    int problems = 0;
    for (Token t : tokens) {
      int start = t.getStartIndex();
      int end = t.getStopIndex() + 1;
      switch (t.getType()) {
        case WardenLexer.LPAREN, WardenLexer.LBRACK -> {
          if (++depth > MAX_DEPTH) {
            out.add(Diagnostic.of(Code.P006, file.span(start, end),
                "nesting deeper than " + MAX_DEPTH + " levels of parentheses or brackets",
                "split the condition into several rules or use a list"));
            return false;
          }
        }
        case WardenLexer.RPAREN, WardenLexer.RBRACK -> depth = Math.max(0, depth - 1);
        case WardenLexer.UNTERMINATED_STRING -> {
          problems++;
          out.add(Diagnostic.of(Code.P002, file.span(start, end), "string is not closed before the end of the line",
              "add the closing \" (a string cannot span lines; write \\n for a line break)"));
        }
        case WardenLexer.UNTERMINATED_REGEX -> {
          problems++;
          out.add(Diagnostic.of(Code.P003, file.span(start, end), "pattern is not closed before the end of the line",
              "add the closing / (write \\/ for a slash inside the pattern)"));
        }
        case WardenLexer.BAD_CHAR -> {
          problems++;
          out.add(Diagnostic.of(Code.P001, file.span(start, end), "unexpected character `" + visible(t.getText()) + "`"));
        }
        default -> { }
      }
      if (problems >= SyntaxErrors.MAX_ERRORS) {
        out.add(Diagnostic.of(Code.P007, file.span(end, end), "too many errors; stopped after " + problems));
        return false;
      }
    }
    return problems == 0;
  }

  private static String visible(String s) {
    int cp = s.codePointAt(0);
    return Character.isISOControl(cp) || Character.isWhitespace(cp)
        ? String.format("U+%04X", cp)
        : s;
  }
}
