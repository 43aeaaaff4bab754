package dev.warden.dsl.ast;

import dev.warden.dsl.source.Span;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One {@code then} line of a rule, as written. */
public sealed interface Action extends Node
    permits Action.Block, Action.Redact, Action.RouteTo, Action.RouteWhere, Action.Downgrade, Action.Warn,
        Action.Limit, Action.Tag, Action.Log {

  /** {@code block [status] ["message"]}. */
  record Block(Optional<Num> status, Optional<Template> message, Span span) implements Action {
    public Block {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(message, "message");
    }
  }

  /** {@code redact EMAIL, PHONE using replace} or {@code redact all}. */
  record Redact(boolean all, List<Ident> entities, Optional<Ident> operator, Span span) implements Action {
    public Redact {
      entities = List.copyOf(entities);
      Objects.requireNonNull(operator, "operator");
    }
  }

  /** {@code route to "a", "b"}. */
  record RouteTo(List<Str> models, Span span) implements Action {
    public RouteTo {
      models = List.copyOf(models);
    }
  }

  /** {@code route where <condition on model.*> [prefer cheapest|fastest]}, or {@code route prefer ...}. */
  record RouteWhere(Optional<Expr> where, Optional<Ident> prefer, Span span) implements Action {
    public RouteWhere {
      Objects.requireNonNull(where, "where");
      Objects.requireNonNull(prefer, "prefer");
    }
  }

  /** {@code downgrade to "a"}. */
  record Downgrade(List<Str> models, Span span) implements Action {
    public Downgrade {
      models = List.copyOf(models);
    }
  }

  /** {@code warn "message"}. */
  record Warn(Template message, Span span) implements Action {
    public Warn {
      Objects.requireNonNull(message, "message");
    }
  }

  /** {@code limit team to 600 requests per minute}. */
  record Limit(Ident scope, Num amount, Ident unit, Ident per, Span span) implements Action {
    public Limit {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(unit, "unit");
      Objects.requireNonNull(per, "per");
    }
  }

  /** {@code tag "key" = "value"}. */
  record Tag(Str key, Template value, Span span) implements Action {
    public Tag {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /** {@code log full|redacted|metadata}. */
  record Log(Ident level, Span span) implements Action {
    public Log {
      Objects.requireNonNull(level, "level");
    }
  }
}
