package dev.warden.dsl.ast;

import dev.warden.dsl.source.Span;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A condition, as written. */
public sealed interface Expr extends Node
    permits Expr.And, Expr.Or, Expr.Not, Expr.Compare, Expr.In, Expr.Matches, Expr.Contains, Expr.HasEntity, Expr.Truth {

  record And(List<Expr> terms, Span span) implements Expr {
    public And {
      terms = List.copyOf(terms);
    }
  }

  record Or(List<Expr> terms, Span span) implements Expr {
    public Or {
      terms = List.copyOf(terms);
    }
  }

  record Not(Expr operand, Span span) implements Expr {
    public Not {
      Objects.requireNonNull(operand, "operand");
    }
  }

  /** {@code left op right} with one of {@code == != < <= > >=}. */
  record Compare(Operand left, CompareOp op, Operand right, Span span) implements Expr {
    public Compare {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(right, "right");
    }
  }

  /** {@code left in right} or {@code left not in right}. */
  record In(Operand left, Operand right, boolean negated, Span span) implements Expr {
    public In {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }
  }

  /** {@code left matches /re/}. */
  record Matches(Operand left, RegexLit regex, Span span) implements Expr {
    public Matches {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(regex, "regex");
    }
  }

  /** {@code left contains right} for strings (substring) and lists (membership); a score test here is an error. */
  record Contains(Operand left, Operand right, Optional<ScoreTest> score, Span span) implements Expr {
    public Contains {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
      Objects.requireNonNull(score, "score");
    }
  }

  /** How a list of entity types is combined in an entity condition. */
  enum Quantifier { ONE, ANY, ALL }

  /** {@code prompt contains any(EMAIL, PHONE) with score >= 0.8}. */
  record HasEntity(Ident target, Quantifier quantifier, List<Ident> entities, Optional<ScoreTest> score, Span span)
      implements Expr {
    public HasEntity {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(quantifier, "quantifier");
      entities = List.copyOf(entities);
      Objects.requireNonNull(score, "score");
    }
  }

  /** {@code with score >= 0.8}. */
  record ScoreTest(CompareOp op, Num threshold, Span span) {
    public ScoreTest {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(threshold, "threshold");
    }
  }

  /** A bare operand used as a condition, e.g. {@code request.stream}. */
  record Truth(Operand operand, Span span) implements Expr {
    public Truth {
      Objects.requireNonNull(operand, "operand");
    }
  }
}
