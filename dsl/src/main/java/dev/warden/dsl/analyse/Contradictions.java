package dev.warden.dsl.analyse;

import dev.warden.dsl.ast.CompareOp;
import dev.warden.dsl.model.Cond;
import dev.warden.dsl.model.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds conditions that can never hold: a conjunction that demands two different values of one
 * path ({@code x == "a" and x == "b"}), a value and its negation, an empty numeric range
 * ({@code x > 5 and x < 3}), a value outside a demanded list, or a term and its negation; a
 * disjunction whose every branch can never hold; a constant false.
 */
final class Contradictions {
  private Contradictions() {}

  static Optional<String> find(Cond c) {
    return switch (c) {
      case Cond.Const k -> k.value() ? Optional.empty() : Optional.of("its condition is always false");
      case Cond.Any any -> {
        List<String> reasons = new ArrayList<>();
        for (Cond t : any.terms()) {
          Optional<String> r = find(t);
          if (r.isEmpty()) {
            yield Optional.empty();
          }
          reasons.add(r.get());
        }
        yield Optional.of(String.join("; and ", reasons));
      }
      case Cond.All all -> conjunction(flatten(all));
      default -> Optional.empty();
    };
  }

  private static List<Cond> flatten(Cond.All all) {
    List<Cond> atoms = new ArrayList<>();
    for (Cond t : all.terms()) {
      if (t instanceof Cond.All inner) {
        atoms.addAll(flatten(inner));
      } else {
        atoms.add(t);
      }
    }
    return atoms;
  }

  /** What the conjunction knows about one path. */
  private static final class Facts {
    Object equal;
    final List<Object> notEqual = new ArrayList<>();
    double low = Double.NEGATIVE_INFINITY;
    boolean lowInclusive = true;
    double high = Double.POSITIVE_INFINITY;
    boolean highInclusive = true;
    List<Object> allowed;
    final List<Object> excluded = new ArrayList<>();
  }

  private static Optional<String> conjunction(List<Cond> atoms) {
    for (Cond a : atoms) {
      Optional<String> inner = find(a);
      if (inner.isPresent()) {
        return inner;
      }
      for (Cond b : atoms) {
        if (b instanceof Cond.Not n && n.operand().equals(a)) {
          return Optional.of("it requires a condition and its negation together");
        }
      }
    }
    Map<Value.Fact, Facts> byPath = new LinkedHashMap<>();
    for (Cond a : atoms) {
      Optional<String> conflict = switch (a) {
        case Cond.Compare cmp -> compare(cmp, byPath);
        case Cond.InList in when in.needle() instanceof Value.Fact f -> inList(f, in, byPath);
        default -> Optional.empty();
      };
      if (conflict.isPresent()) {
        return conflict;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> compare(Cond.Compare cmp, Map<Value.Fact, Facts> byPath) {
    Value.Fact fact;
    Value.Const constant;
    CompareOp op = cmp.op();
    if (cmp.left() instanceof Value.Fact f && cmp.right() instanceof Value.Const k) {
      fact = f;
      constant = k;
    } else if (cmp.right() instanceof Value.Fact f && cmp.left() instanceof Value.Const k) {
      fact = f;
      constant = k;
      op = op.flipped();
    } else {
      return Optional.empty();
    }
    Facts facts = byPath.computeIfAbsent(fact, k -> new Facts());
    Object v = constant.value();
    String path = fact.path().text();
    switch (op) {
      case EQ -> {
        if (facts.equal != null && !facts.equal.equals(v)) {
          return Optional.of(path + " cannot equal both " + show(facts.equal) + " and " + show(v));
        }
        if (facts.notEqual.contains(v) || facts.excluded.contains(v)) {
          return Optional.of(path + " must equal and not equal " + show(v));
        }
        if (facts.allowed != null && !facts.allowed.contains(v)) {
          return Optional.of(path + " must equal " + show(v) + " but also be in " + facts.allowed);
        }
        facts.equal = v;
        if (v instanceof Double d) {
          return bound(facts, path, d, true, d, true);
        }
      }
      case NE -> {
        if (Objects.equals(facts.equal, v)) {
          return Optional.of(path + " must equal and not equal " + show(v));
        }
        facts.notEqual.add(v);
      }
      case LT, LE -> {
        return bound(facts, path, Double.NEGATIVE_INFINITY, true, (Double) v, op == CompareOp.LE);
      }
      case GT, GE -> {
        return bound(facts, path, (Double) v, op == CompareOp.GE, Double.POSITIVE_INFINITY, true);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> bound(Facts f, String path, double low, boolean lowInc, double high, boolean highInc) {
    if (low > f.low || (low == f.low && !lowInc)) {
      f.low = low;
      f.lowInclusive = lowInc;
    }
    if (high < f.high || (high == f.high && !highInc)) {
      f.high = high;
      f.highInclusive = highInc;
    }
    if (f.low > f.high || (f.low == f.high && !(f.lowInclusive && f.highInclusive))) {
      return Optional.of("no value of " + path + " is " + (f.lowInclusive ? ">= " : "> ") + num(f.low) + " and "
          + (f.highInclusive ? "<= " : "< ") + num(f.high));
    }
    return Optional.empty();
  }

  private static Optional<String> inList(Value.Fact fact, Cond.InList in, Map<Value.Fact, Facts> byPath) {
    Facts facts = byPath.computeIfAbsent(fact, k -> new Facts());
    List<Object> items = in.items().stream().map(Value.Const::value).toList();
    String path = fact.path().text();
    if (in.negated()) {
      if (facts.equal != null && items.contains(facts.equal)) {
        return Optional.of(path + " must equal " + show(facts.equal) + " but not be in " + items);
      }
      facts.excluded.addAll(items);
      return Optional.empty();
    }
    if (items.isEmpty()) {
      return Optional.of(path + " must be in an empty list");
    }
    if (facts.equal != null && !items.contains(facts.equal)) {
      return Optional.of(path + " must equal " + show(facts.equal) + " but also be in " + items);
    }
    List<Object> allowed = facts.allowed == null ? new ArrayList<>(items)
        : new ArrayList<>(facts.allowed.stream().filter(items::contains).toList());
    if (allowed.isEmpty()) {
      return Optional.of(path + " must be in two lists that share no value");
    }
    facts.allowed = allowed;
    return Optional.empty();
  }

  private static String show(Object v) {
    return v instanceof String s ? "\"" + s + "\"" : v instanceof Double d ? num(d) : String.valueOf(v);
  }

  private static String num(double d) {
    return dev.warden.dsl.text.Numbers.plain(d);
  }
}
