package dev.warden.dsl.parse;

import dev.warden.dsl.diag.Code;
import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.Diagnostics;
import dev.warden.dsl.source.SourceFile;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.atn.ATNConfigSet;
import org.antlr.v4.runtime.dfa.DFA;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Turns ANTLR's syntax errors into diagnostics with friendlier words, and stops the parse
 * after {@link #MAX_ERRORS} so that garbage input cannot produce endless recovery.
 */
final class SyntaxErrors extends BaseErrorListener {
  static final int MAX_ERRORS = 20;

  /** Thrown to abandon a parse that has produced too many errors. */
  static final class TooMany extends RuntimeException {
    TooMany() {
      super(null, null, false, false);
    }
  }

  private final SourceFile file;
  private final Diagnostics out;
  private int count;

  SyntaxErrors(SourceFile file, Diagnostics out) {
    this.file = file;
    this.out = out;
  }

  @Override
  public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
      String msg, RecognitionException e) {
    if (++count > MAX_ERRORS) {
      out.add(Diagnostic.of(Code.P007, file.span(file.text().length(), file.text().length()),
          "too many syntax errors; stopped after " + MAX_ERRORS));
      throw new TooMany();
    }
    Token token = offendingSymbol instanceof Token t ? t : null;
    int start = token != null && token.getStartIndex() >= 0 ? token.getStartIndex() : 0;
    int end = token != null && token.getStopIndex() >= start ? token.getStopIndex() + 1 : start;
    IntervalSet expected = e != null && e.getExpectedTokens() != null ? e.getExpectedTokens()
        : recognizer instanceof Parser p ? p.getExpectedTokens() : new IntervalSet();
    String message = e instanceof org.antlr.v4.runtime.NoViableAltException nv && token != null
        && nv.getStartToken() != null && nv.getStartToken().getTokenIndex() < token.getTokenIndex()
        && token.getStopIndex() >= nv.getStartToken().getStartIndex()
        ? "cannot make sense of `" + shorten(file.text().substring(nv.getStartToken().getStartIndex(),
            token.getStopIndex() + 1).replaceAll("\\s+", " ")) + "` here"
        : friendly(recognizer, token, msg, expected);
    out.add(Diagnostic.of(Code.P001, file.span(start, end), message, hint(recognizer, token, expected)));
  }

  private static String friendly(Recognizer<?, ?> recognizer, Token token, String antlrMessage, IntervalSet expected) {
    if (token == null) {
      return antlrMessage;
    }
    String found = token.getType() == Token.EOF ? "end of file" : "`" + shorten(token.getText()) + "`";
    if (recognizer instanceof Parser parser) {
      Set<String> names = expectedNames(expected, parser.getVocabulary());
      if (!names.isEmpty() && names.size() <= 8) {
        return "unexpected " + found + "; expected " + String.join(", ", names);
      }
    }
    return "unexpected " + found;
  }

  private static String hint(Recognizer<?, ?> recognizer, Token token, IntervalSet expected) {
    if (token == null || !(recognizer instanceof Parser p)) {
      return null;
    }
    if (token.getType() == WardenLexer.IDENT && expected.contains(WardenLexer.STRING)) {
      return "names of rules, packs and models are strings: write \"" + token.getText() + "\"";
    }
    if (token.getType() == WardenLexer.IDENT) {
      java.util.List<String> keywords = new java.util.ArrayList<>();
      for (int type : expected.toArray()) {
        String literal = p.getVocabulary().getLiteralName(type);
        if (literal != null && literal.length() > 3 && Character.isLetter(literal.charAt(1))) {
          keywords.add(literal.substring(1, literal.length() - 1));
        }
      }
      for (String k : List.of("contains", "matches", "and", "or", "not", "in", "then", "when")) {
        keywords.add(k);
      }
      return dev.warden.dsl.schema.Suggest.nearest(token.getText(), keywords).map(k -> "did you mean `" + k + "`?")
          .orElse(null);
    }
    return null;
  }

  private static Set<String> expectedNames(IntervalSet expected, Vocabulary vocabulary) {
    Set<String> names = new TreeSet<>();
    BitSet seen = new BitSet();
    for (int type : expected.toArray()) {
      if (seen.get(type + 1)) {
        continue;
      }
      seen.set(type + 1);
      names.add(display(type, vocabulary));
    }
    return names;
  }

  static String display(int type, Vocabulary vocabulary) {
    if (type == Token.EOF) {
      return "end of file";
    }
    return switch (vocabulary.getSymbolicName(type)) {
      case "IDENT" -> "a name";
      case "STRING" -> "a string";
      case "NUMBER" -> "a number";
      case "PERCENT" -> "a percentage";
      case "REGEX" -> "a /pattern/";
      case null -> "`" + type + "`";
      default -> {
        String literal = vocabulary.getLiteralName(type);
        yield literal != null ? "`" + literal.substring(1, literal.length() - 1) + "`" : vocabulary.getDisplayName(type);
      }
    };
  }

  private static String shorten(String s) {
    if (s == null) {
      return "";
    }
    String one = s.replace("\n", "\\n").replace("\r", "\\r");
    return one.length() > 40 ? one.substring(0, 37) + "..." : one;
  }

  @Override
  public void reportAmbiguity(Parser recognizer, DFA dfa, int startIndex, int stopIndex, boolean exact,
      BitSet ambigAlts, ATNConfigSet configs) {
    // ambiguity is resolved by alternative order by design; nothing to report to users
  }
}
