package dev.warden.dsl.model;

import dev.warden.dsl.ast.CompareOp;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A checked, typed condition; the emitter turns it into a DRL constraint. */
public sealed interface Cond
    permits Cond.Const, Cond.All, Cond.Any, Cond.Not, Cond.Compare, Cond.InList, Cond.ListHas, Cond.Match,
        Cond.TextContains, Cond.Entity {

  record Const(boolean value) implements Cond {}

  record All(List<Cond> terms) implements Cond {
    public All {
      terms = List.copyOf(terms);
    }
  }

  record Any(List<Cond> terms) implements Cond {
    public Any {
      terms = List.copyOf(terms);
    }
  }

  record Not(Cond operand) implements Cond {
    public Not {
      Objects.requireNonNull(operand, "operand");
    }
  }

  /** Both sides have the same type; ordering operators only on numbers. */
  record Compare(Value left, CompareOp op, Value right) implements Cond {
    public Compare {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(right, "right");
    }
  }

  /** {@code x in [constants]} (or {@code not in}); x is a string or number. */
  record InList(Value needle, List<Value.Const> items, boolean negated) implements Cond {
    public InList {
      Objects.requireNonNull(needle, "needle");
      items = List.copyOf(items);
    }
  }

  /** A list-valued path holds an element ({@code "x" in principal.roles}, {@code model.tags contains "baa"}). */
  record ListHas(Value list, Value element, boolean negated) implements Cond {
    public ListHas {
      Objects.requireNonNull(list, "list");
      Objects.requireNonNull(element, "element");
    }
  }

  /** An RE2 pattern is found in a string (unanchored; anchor with ^ and $). */
  record Match(Value subject, String pattern, boolean caseInsensitive) implements Cond {
    public Match {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(pattern, "pattern");
    }
  }

  /** Case-insensitive substring after NFKC and whitespace folding; a constant needle is folded already. */
  record TextContains(Value subject, Value needle) implements Cond {
    public TextContains {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(needle, "needle");
    }
  }

  /** A detection of one entity type in a text, at the type's threshold or at {@code score}. */
  record Entity(Enums.Target target, String type, Optional<ScoreTest> score) implements Cond {
    public Entity {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(score, "score");
    }
  }

  /** {@code with score >= 0.8}. */
  record ScoreTest(CompareOp op, double threshold) {
    public ScoreTest {
      Objects.requireNonNull(op, "op");
    }
  }
}
