package dev.warden.dsl.model;

import dev.warden.dsl.source.Span;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A checked action of a rule, with its source position. */
public sealed interface Act
    permits Act.Block, Act.Redact, Act.RouteTo, Act.RouteWhere, Act.Downgrade, Act.Warn, Act.Limit, Act.Tag,
        Act.Log {
  Span span();

  /** Status 400-499 (default 403); the message may be absent. */
  record Block(int status, Optional<Msg> message, Span span) implements Act {
    public Block {
      Objects.requireNonNull(message, "message");
    }
  }

  /** Entity types (groups expanded), or every detected type when {@code all}. */
  record Redact(boolean all, List<String> types, Enums.RedactOp op, Span span) implements Act {
    public Redact {
      types = List.copyOf(types);
      Objects.requireNonNull(op, "op");
    }
  }

  record RouteTo(List<String> models, Span span) implements Act {
    public RouteTo {
      models = List.copyOf(models);
    }
  }

  /** A constraint on every candidate model (absent: no constraint) and how to order candidates. */
  record RouteWhere(Optional<Cond> where, Optional<Enums.Prefer> prefer, Span span) implements Act {
    public RouteWhere {
      Objects.requireNonNull(where, "where");
      Objects.requireNonNull(prefer, "prefer");
    }
  }

  record Downgrade(List<String> models, Span span) implements Act {
    public Downgrade {
      models = List.copyOf(models);
    }
  }

  record Warn(Msg message, Span span) implements Act {
    public Warn {
      Objects.requireNonNull(message, "message");
    }
  }

  record Limit(Enums.Scope scope, long amount, Enums.LimitUnit unit, Enums.Per per, Span span) implements Act {
    public Limit {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(unit, "unit");
      Objects.requireNonNull(per, "per");
    }
  }

  record Tag(String key, Msg value, Span span) implements Act {
    public Tag {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  record Log(Enums.LogLevel level, Span span) implements Act {
    public Log {
      Objects.requireNonNull(level, "level");
    }
  }
}
