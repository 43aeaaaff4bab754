package dev.warden.dsl.ast;

import dev.warden.dsl.source.Span;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A top-level declaration of a policy file. */
public sealed interface Decl extends Node permits Decl.Entity, Decl.Group, Decl.ListDecl, Decl.Allow, Decl.Rule {

  /** {@code entity NAME { pattern ... terms ... context ... score ... validate ... }}. */
  record Entity(Ident name, List<RegexLit> patterns, List<Str> terms, List<Str> context, Optional<Num> score,
      Optional<Ident> validate, Span span) implements Decl {
    public Entity {
      Objects.requireNonNull(name, "name");
      patterns = List.copyOf(patterns);
      terms = List.copyOf(terms);
      context = List.copyOf(context);
      Objects.requireNonNull(score, "score");
      Objects.requireNonNull(validate, "validate");
    }
  }

  /** {@code group NAME = A, B}. */
  record Group(Ident name, List<Ident> members, Span span) implements Decl {
    public Group {
      Objects.requireNonNull(name, "name");
      members = List.copyOf(members);
    }
  }

  /** {@code list NAME = ["a", "b"]}. */
  record ListDecl(Ident name, Literal.ListLit values, Span span) implements Decl {
    public ListDecl {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(values, "values");
    }
  }

  /** {@code allow EMAIL "support@ourco.com", /@ourco\.com$/i}: values this pack does not treat as the entity. */
  record Allow(Ident entity, List<Str> values, List<RegexLit> patterns, Span span) implements Decl {
    public Allow {
      Objects.requireNonNull(entity, "entity");
      values = List.copyOf(values);
      patterns = List.copyOf(patterns);
    }
  }

  /** {@code rule "id" { ... }}; absent clauses take their defaults in the checker. */
  record Rule(Str id, Optional<Str> description, Optional<Num> priority, Optional<Ident> phase, Optional<Ident> mode,
      Optional<Expr> when, List<Action> actions, Span span) implements Decl {
    public Rule {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(priority, "priority");
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(when, "when");
      actions = List.copyOf(actions);
    }
  }
}
