package dev.warden.dsl.parse;

import dev.warden.dsl.ast.Action;
import dev.warden.dsl.ast.CompareOp;
import dev.warden.dsl.ast.Decl;
import dev.warden.dsl.ast.Expr;
import dev.warden.dsl.ast.Ident;
import dev.warden.dsl.ast.Literal;
import dev.warden.dsl.ast.Num;
import dev.warden.dsl.ast.Operand;
import dev.warden.dsl.ast.Path;
import dev.warden.dsl.ast.PolicyFile;
import dev.warden.dsl.ast.RegexLit;
import dev.warden.dsl.ast.Str;
import dev.warden.dsl.ast.Template;
import dev.warden.dsl.ast.TestFile;
import dev.warden.dsl.diag.Code;
import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.Diagnostics;
import dev.warden.dsl.parse.WardenParser.*;
import dev.warden.dsl.source.SourceFile;
import dev.warden.dsl.source.Span;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Builds our AST from ANTLR's parse tree; reports what the grammar alone cannot (escapes, repeated clauses). */
final class AstBuilder {
  private final SourceFile file;
  private final Diagnostics out;

  AstBuilder(SourceFile file, Diagnostics out) {
    this.file = file;
    this.out = out;
  }

  // ------------------------------------------------------------------ files

  PolicyFile policyFile(PolicyFileContext ctx) {
    PackHeaderContext h = ctx.packHeader();
    Str pack = str(h.packName);
    Str version = str(h.packVersion);
    Optional<Str> description = Optional.ofNullable(ctx.packDescription()).map(d -> str(d.STRING().getSymbol()));
    List<Decl> decls = new ArrayList<>();
    for (DeclarationContext d : ctx.declaration()) {
      decls.add(declaration(d));
    }
    return new PolicyFile(file.path(), pack, version, description, decls, span(ctx));
  }

  TestFile testFile(TestFileContext ctx) {
    List<Str> packs = ctx.testsHeader().STRING().stream().map(t -> str(t.getSymbol())).toList();
    List<TestFile.ModelDecl> models = new ArrayList<>();
    for (ModelDeclContext m : ctx.modelDecl()) {
      List<TestFile.ModelProp> props = new ArrayList<>();
      for (ModelClauseContext c : m.modelClause()) {
        props.add(new TestFile.ModelProp(ident(c.name()), c.literal().stream().map(this::literal).toList(), span(c)));
      }
      models.add(new TestFile.ModelDecl(str(m.STRING().getSymbol()), props, span(m)));
    }
    List<TestFile.TestCase> tests = new ArrayList<>();
    for (TestCaseContext t : ctx.testCase()) {
      tests.add(testCase(t));
    }
    return new TestFile(file.path(), packs, models, tests, span(ctx));
  }

  private TestFile.TestCase testCase(TestCaseContext ctx) {
    List<TestFile.Given> givens = new ArrayList<>();
    List<TestFile.Expectation> expects = new ArrayList<>();
    for (TestStepContext step : ctx.testStep()) {
      switch (step) {
        case GivenTextContext g -> givens.add(new TestFile.GivenText(
            new Ident(g.target.getText(), span(g.target)), str(g.STRING().getSymbol()), span(g)));
        case GivenValueContext g -> givens.add(new TestFile.GivenValue(path(g.path()), literal(g.literal()), span(g)));
        case ExpectStepContext e -> expects.add(expectation(e.expectation()));
        default -> throw new IllegalStateException("unknown test step " + step.getClass());
      }
    }
    return new TestFile.TestCase(str(ctx.STRING().getSymbol()), givens, expects, span(ctx));
  }

  private TestFile.Expectation expectation(ExpectationContext ctx) {
    Span at = span(ctx);
    return switch (ctx) {
      case ExpectAllowContext e -> new TestFile.ExpectAllow(at);
      case ExpectBlockContext e -> new TestFile.ExpectBlock(
          Optional.ofNullable(e.number()).map(this::num), Optional.ofNullable(e.STRING()).map(s -> str(s.getSymbol())), at);
      case ExpectFiredContext e -> new TestFile.ExpectFired(str(e.STRING().getSymbol()), e.NOT() != null, at);
      case ExpectRedactedContext e -> new TestFile.ExpectRedacted(ident(e.name()), str(e.STRING().getSymbol()), at);
      case ExpectRedactContext e -> new TestFile.ExpectRedact(ident(e.name()), at);
      case ExpectModelContext e -> new TestFile.ExpectModel(str(e.STRING().getSymbol()), at);
      case ExpectWarnContext e -> new TestFile.ExpectWarn(str(e.STRING().getSymbol()), at);
      case ExpectTagContext e -> new TestFile.ExpectTag(str(e.key), str(e.value), at);
      case ExpectLimitContext e -> new TestFile.ExpectLimit(ident(e.scope), num(e.number()), ident(e.unit), ident(e.per), at);
      default -> throw new IllegalStateException("unknown expectation " + ctx.getClass());
    };
  }

  // ------------------------------------------------------------------ declarations

  private Decl declaration(DeclarationContext ctx) {
    if (ctx.entityDecl() != null) {
      return entity(ctx.entityDecl());
    }
    if (ctx.groupDecl() != null) {
      GroupDeclContext g = ctx.groupDecl();
      List<Ident> names = g.name().stream().map(this::ident).toList();
      return new Decl.Group(names.getFirst(), names.subList(1, names.size()), span(g));
    }
    if (ctx.allowDecl() != null) {
      AllowDeclContext a = ctx.allowDecl();
      List<Str> values = new ArrayList<>();
      List<RegexLit> patterns = new ArrayList<>();
      for (AllowValueContext v : a.allowValue()) {
        if (v.STRING() != null) {
          values.add(str(v.STRING().getSymbol()));
        } else {
          patterns.add(regex(v.REGEX().getSymbol()));
        }
      }
      return new Decl.Allow(ident(a.name()), values, patterns, span(a));
    }
    if (ctx.listDecl() != null) {
      ListDeclContext l = ctx.listDecl();
      return new Decl.ListDecl(ident(l.name()), list(l.listLiteral()), span(l));
    }
    return rule(ctx.ruleDecl());
  }

  private Decl.Entity entity(EntityDeclContext ctx) {
    List<RegexLit> patterns = new ArrayList<>();
    List<Str> terms = new ArrayList<>();
    List<Str> context = new ArrayList<>();
    Num score = null;
    Ident validate = null;
    for (EntityClauseContext c : ctx.entityClause()) {
      switch (c) {
        case EntityPatternContext p -> patterns.add(regex(p.REGEX().getSymbol()));
        case EntityTermsContext t -> t.STRING().forEach(s -> terms.add(str(s.getSymbol())));
        case EntityContextContext t -> t.STRING().forEach(s -> context.add(str(s.getSymbol())));
        case EntityScoreContext s -> score = once(score, num(s.number()), "score", c);
        case EntityValidateContext v -> validate = once(validate, ident(v.name()), "validate", c);
        default -> throw new IllegalStateException("unknown entity clause " + c.getClass());
      }
    }
    return new Decl.Entity(ident(ctx.name()), patterns, terms, context, Optional.ofNullable(score),
        Optional.ofNullable(validate), span(ctx));
  }

  private Decl.Rule rule(RuleDeclContext ctx) {
    Str description = null;
    Num priority = null;
    Ident phase = null;
    Ident mode = null;
    Expr when = null;
    List<Action> actions = new ArrayList<>();
    for (RuleClauseContext c : ctx.ruleClause()) {
      switch (c) {
        case RuleDescriptionContext d -> description = once(description, str(d.STRING().getSymbol()), "description", c);
        case RulePriorityContext p -> priority = once(priority, num(p.number()), "priority", c);
        case RulePhaseContext p -> phase = once(phase, ident(p.name()), "on", c);
        case RuleModeContext m -> mode = once(mode, ident(m.name()), "mode", c);
        case RuleWhenContext w -> when = once(when, expr(w.expr()), "when", c,
            "a rule has one `when`; join conditions with `and` / `or`");
        case RuleThenContext t -> actions.add(action(t.action()));
        default -> throw new IllegalStateException("unknown rule clause " + c.getClass());
      }
    }
    return new Decl.Rule(str(ctx.STRING().getSymbol()), Optional.ofNullable(description), Optional.ofNullable(priority),
        Optional.ofNullable(phase), Optional.ofNullable(mode), Optional.ofNullable(when), actions, span(ctx));
  }

  private <T> T once(T previous, T next, String clause, ParserRuleContext at) {
    return once(previous, next, clause, at, "remove one of them");
  }

  private <T> T once(T previous, T next, String clause, ParserRuleContext at, String hint) {
    if (previous != null) {
      out.add(Diagnostic.of(Code.P010, span(at), "`" + clause + "` is given twice", hint));
      return previous;
    }
    return next;
  }

  // ------------------------------------------------------------------ actions

  private Action action(ActionContext ctx) {
    Span at = span(ctx);
    return switch (ctx) {
      case BlockActionContext b -> new Action.Block(Optional.ofNullable(b.number()).map(this::num),
          Optional.ofNullable(b.STRING()).map(s -> template(s.getSymbol())), at);
      case RedactActionContext r -> {
        List<Ident> entities = r.name().stream().map(this::ident).toList();
        Optional<Ident> op = Optional.empty();
        if (r.USING() != null) {
          op = Optional.of(entities.getLast());
          entities = entities.subList(0, entities.size() - 1);
        }
        yield new Action.Redact(r.ALL() != null, entities, op, at);
      }
      case RouteToActionContext r -> new Action.RouteTo(strs(r.STRING()), at);
      case RouteWhereActionContext r -> new Action.RouteWhere(Optional.of(expr(r.expr())),
          Optional.ofNullable(r.name()).map(this::ident), at);
      case RoutePreferActionContext r -> new Action.RouteWhere(Optional.empty(), Optional.of(ident(r.name())), at);
      case DowngradeActionContext d -> new Action.Downgrade(strs(d.STRING()), at);
      case WarnActionContext w -> new Action.Warn(template(w.STRING().getSymbol()), at);
      case LimitActionContext l -> new Action.Limit(ident(l.scope), num(l.number()), ident(l.unit), ident(l.per), at);
      case TagActionContext t -> new Action.Tag(str(t.key), template(t.value), at);
      case LogActionContext l -> new Action.Log(ident(l.name()), at);
      default -> throw new IllegalStateException("unknown action " + ctx.getClass());
    };
  }

  private List<Str> strs(List<TerminalNode> nodes) {
    return nodes.stream().map(n -> str(n.getSymbol())).toList();
  }

  // ------------------------------------------------------------------ conditions

  private Expr expr(ExprContext ctx) {
    List<Expr> terms = new ArrayList<>();
    for (AndExprContext a : ctx.andExpr()) {
      terms.add(and(a));
    }
    return terms.size() == 1 ? terms.getFirst() : new Expr.Or(terms, span(ctx));
  }

  private Expr and(AndExprContext ctx) {
    List<Expr> terms = new ArrayList<>();
    for (NotExprContext n : ctx.notExpr()) {
      terms.add(not(n));
    }
    return terms.size() == 1 ? terms.getFirst() : new Expr.And(terms, span(ctx));
  }

  private Expr not(NotExprContext ctx) {
    Expr inner = primary(ctx.primary());
    // `not not x` is `x`: fold the run so that thousands of `not`s cannot nest the AST
    return ctx.NOT().size() % 2 == 1 ? new Expr.Not(inner, span(ctx)) : inner;
  }

  private Expr primary(PrimaryContext ctx) {
    Span at = span(ctx);
    return switch (ctx) {
      case ParenExprContext p -> expr(p.expr());
      case CompareCondContext c -> new Expr.Compare(operand(c.left), compareOp(c.compareOp()), operand(c.right), at);
      case InCondContext c -> new Expr.In(operand(c.left), operand(c.right), c.NOT() != null, at);
      case MatchesCondContext c -> new Expr.Matches(operand(c.left), regex(c.REGEX().getSymbol()), at);
      case ContainsCondContext c -> contains(c, at);
      case BoolCondContext c -> new Expr.Truth(operand(c.operand()), at);
      default -> throw new IllegalStateException("unknown condition " + ctx.getClass());
    };
  }

  /**
   * {@code x contains y} is an entity condition when x is a bare {@code prompt}, {@code system}
   * or {@code response} and y names entity types; otherwise a string or list test.
   */
  private Expr contains(ContainsCondContext c, Span at) {
    Operand left = operand(c.left);
    ContainsTargetContext target = c.containsTarget();
    Optional<Expr.ScoreTest> score = Optional.empty();
    if (c.WITH() != null) {
      score = Optional.of(new Expr.ScoreTest(compareOp(c.compareOp()), num(c.number()),
          file.span(c.WITH().getSymbol().getStartIndex(), c.number().getStop().getStopIndex() + 1)));
    }
    boolean entityTarget = left instanceof Operand.PathRef p && p.path().isBareName()
        && List.of("prompt", "system", "response").contains(p.path().firstName());
    if (target.quantifier != null) {
      Expr.Quantifier q = target.quantifier.getType() == WardenLexer.ANY ? Expr.Quantifier.ANY : Expr.Quantifier.ALL;
      Ident on = left instanceof Operand.PathRef p ? new Ident(p.path().text(), p.span()) : new Ident("?", left.span());
      return new Expr.HasEntity(on, q, target.name().stream().map(this::ident).toList(), score, at);
    }
    Operand right = operand(target.operand());
    if (entityTarget && right instanceof Operand.PathRef rp && rp.path().isBareName()) {
      Ident on = new Ident(((Operand.PathRef) left).path().firstName(), left.span());
      return new Expr.HasEntity(on, Expr.Quantifier.ONE, List.of(new Ident(rp.path().firstName(), rp.span())), score, at);
    }
    return new Expr.Contains(left, right, score, at);
  }

  private CompareOp compareOp(CompareOpContext ctx) {
    return CompareOp.ofSymbol(ctx.getText());
  }

  private Operand operand(OperandContext ctx) {
    return switch (ctx) {
      case LiteralOperandContext l -> literal(l.literal());
      case CountOperandContext c -> new Operand.Count(ident(c.target), ident(c.entity), span(c));
      case PathOperandContext p -> new Operand.PathRef(path(p.path()));
      default -> throw new IllegalStateException("unknown operand " + ctx.getClass());
    };
  }

  Path path(PathContext ctx) {
    List<Path.Segment> segments = new ArrayList<>();
    switch (ctx.pathHead()) {
      case BudgetHeadContext b -> segments.add(new Path.Call("budget", b.name().getText(), span(b)));
      case NameHeadContext n -> segments.add(new Path.Field(n.name().getText(), span(n)));
      default -> throw new IllegalStateException("unknown path head");
    }
    for (PathTailContext t : ctx.pathTail()) {
      switch (t) {
        case FieldTailContext f -> segments.add(new Path.Field(f.name().getText(), span(f.name())));
        case KeyTailContext k -> segments.add(new Path.Key(decode(k.STRING().getSymbol()), span(k)));
        default -> throw new IllegalStateException("unknown path tail");
      }
    }
    return new Path(segments, span(ctx));
  }

  // ------------------------------------------------------------------ literals

  Literal literal(LiteralContext ctx) {
    Span at = span(ctx);
    return switch (ctx) {
      case StringLiteralContext s -> new Literal.StrLit(decode(s.STRING().getSymbol()), at);
      case NumberLiteralContext n -> new Literal.NumLit(num(n.number()).value(), false, at);
      case PercentLiteralContext p -> {
        String text = p.PERCENT().getText();
        yield new Literal.NumLit(number(text.substring(0, text.length() - 1), at), true, at);
      }
      case TrueLiteralContext t -> new Literal.BoolLit(true, at);
      case FalseLiteralContext f -> new Literal.BoolLit(false, at);
      case ListLiteralValueContext l -> list(l.listLiteral());
      default -> throw new IllegalStateException("unknown literal " + ctx.getClass());
    };
  }

  private Literal.ListLit list(ListLiteralContext ctx) {
    return new Literal.ListLit(ctx.literal().stream().map(this::literal).toList(), span(ctx));
  }

  private Num num(NumberContext ctx) {
    Span at = span(ctx);
    return new Num(number(ctx.getText(), at), at);
  }

  private BigDecimal number(String text, Span at) {
    try {
      BigDecimal v = new BigDecimal(text);
      if (v.abs().compareTo(BigDecimal.valueOf(1_000_000_000_000_000L)) > 0) {
        out.add(Diagnostic.of(Code.P011, at, "number `" + text + "` is too large"));
        return BigDecimal.ZERO;
      }
      return v;
    } catch (NumberFormatException e) {
      out.add(Diagnostic.of(Code.P011, at, "`" + text + "` is not a number"));
      return BigDecimal.ZERO;
    }
  }

  private Ident ident(NameContext ctx) {
    return new Ident(ctx.getText(), span(ctx));
  }

  private Str str(Token t) {
    return new Str(decode(t), span(t));
  }

  private RegexLit regex(Token t) {
    String text = t.getText();
    int close = text.lastIndexOf('/');
    return new RegexLit(text.substring(1, close), text.substring(close + 1), span(t));
  }

  /** A message string, split at {@code ${path}}; {@code $${} is a literal {@code ${}. */
  private Template template(Token t) {
    String raw = t.getText();
    String value = decode(t);
    List<Template.Part> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      if (value.startsWith("$${", i)) {
        text.append("${");
        i += 3;
      } else if (value.startsWith("${", i)) {
        int close = value.indexOf('}', i + 2);
        int at = t.getStartIndex() + Math.max(1, raw.indexOf("${"));
        if (close < 0) {
          out.add(Diagnostic.of(Code.P012, span(t), "`${` is not closed in this message",
              "close it with `}`, or write $${ for a literal ${"));
          break;
        }
        String inner = value.substring(i + 2, close);
        int innerAt = locate(raw, "${" + inner + "}", t.getStartIndex(), at) + 2;
        if (!text.isEmpty()) {
          parts.add(new Template.Text(text.toString()));
          text.setLength(0);
        }
        PolicyParser.parseInterpolation(file, innerAt, inner, out).ifPresent(p -> parts.add(new Template.Value(p)));
        i = close + 1;
      } else {
        text.append(value.charAt(i));
        i++;
      }
    }
    if (!text.isEmpty()) {
      parts.add(new Template.Text(text.toString()));
    }
    return new Template(value, parts, span(t));
  }

  private static int locate(String raw, String needle, int tokenStart, int fallback) {
    int idx = raw.indexOf(needle);
    return idx >= 0 ? tokenStart + idx : fallback;
  }

  /** The value of a string token: quotes removed, escapes decoded; bad escapes reported. */
  private String decode(Token t) {
    String text = t.getText();
    String body = text.substring(1, text.length() - 1);
    if (body.indexOf('\\') < 0) {
      return body;
    }
    StringBuilder b = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\' || i + 1 >= body.length()) {
        b.append(c);
        continue;
      }
      char e = body.charAt(++i);
      switch (e) {
        case '"' -> b.append('"');
        case '\\' -> b.append('\\');
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'u' -> i = unicodeEscape(t, body, i, b);
        default -> {
          int at = t.getStartIndex() + i;
          out.add(Diagnostic.of(Code.P004, file.span(at, at + 2), "unknown escape `\\" + e + "`",
              "escapes are \\\" \\\\ \\n \\t and \\u{1F600}"));
        }
      }
    }
    return b.toString();
  }

  private int unicodeEscape(Token t, String body, int i, StringBuilder b) {
    int close = body.indexOf('}', i);
    int at = t.getStartIndex() + i;
    if (i + 1 < body.length() && body.charAt(i + 1) == '{' && close > i + 2 && close - i <= 9) {
      String hex = body.substring(i + 2, close);
      try {
        int cp = Integer.parseInt(hex, 16);
        if (Character.isValidCodePoint(cp) && !(cp >= 0xD800 && cp <= 0xDFFF)) {
          b.appendCodePoint(cp);
          return close;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
    }
    out.add(Diagnostic.of(Code.P004, file.span(at, at + 2), "invalid unicode escape",
        "write \\u{hex digits} with a valid code point, e.g. \\u{1F600}"));
    return i;
  }

  // ------------------------------------------------------------------ spans

  private Span span(ParserRuleContext ctx) {
    Token start = ctx.getStart();
    Token stop = ctx.getStop();
    int s = start.getStartIndex();
    int e = stop != null && stop.getStopIndex() >= s ? stop.getStopIndex() + 1 : s;
    return file.span(s, e);
  }

  private Span span(Token t) {
    return file.span(t.getStartIndex(), t.getStopIndex() + 1);
  }
}
