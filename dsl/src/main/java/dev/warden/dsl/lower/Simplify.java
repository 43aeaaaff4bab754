package dev.warden.dsl.lower;

import dev.warden.dsl.model.Cond;
import dev.warden.dsl.model.Value;
import dev.warden.dsl.text.Fold;
import java.util.ArrayList;
import java.util.List;

/**
 * The lowering stage: folds what is known at compile time ({@code "a" in ["a"]}, constant
 * comparisons, {@code not not}), flattens nested {@code and}/{@code or}, and drops constant
 * terms, so the emitted DRL only tests facts.
 */
public final class Simplify {
  private Simplify() {}

  public static Cond cond(Cond c) {
    return switch (c) {
      case Cond.All all -> all(all.terms());
      case Cond.Any any -> any(any.terms());
      case Cond.Not n -> not(cond(n.operand()));
      case Cond.Compare cmp -> constant(cmp);
      case Cond.InList in -> inList(in);
      case Cond.ListHas lh -> listHas(lh);
      case Cond.TextContains tc -> tc.subject() instanceof Value.Const s && tc.needle() instanceof Value.Const n
          ? new Cond.Const(Fold.fold((String) s.value()).contains(Fold.fold((String) n.value())))
          : tc;
      case Cond.Match m -> m.subject() instanceof Value.Const s
          ? new Cond.Const(com.google.re2j.Pattern.compile(m.pattern(),
              m.caseInsensitive() ? com.google.re2j.Pattern.CASE_INSENSITIVE : 0).matcher((String) s.value()).find())
          : m;
      case Cond.Const k -> k;
      case Cond.Entity e -> e;
    };
  }

  /**
   * {@code "a" in ["a"]} is known now; {@code x in []} is false and {@code x not in []} true
   * (for a budget: true only when the budget is set, so the test keeps its guard).
   */
  private static Cond inList(Cond.InList in) {
    if (in.needle() instanceof Value.Const k) {
      return new Cond.Const(in.items().stream().anyMatch(i -> i.value().equals(k.value())) != in.negated());
    }
    if (in.items().isEmpty()) {
      if (!in.negated()) {
        return new Cond.Const(false);
      }
      return in.needle() instanceof Value.Fact f && f.path().field().isBudget()
          ? new Cond.Compare(f, dev.warden.dsl.ast.CompareOp.EQ, f)
          : new Cond.Const(true);
    }
    return in;
  }

  /** A constant list holding a fact's value is the fact {@code in} the list: {@code ["a"] contains x} is {@code x in ["a"]}. */
  private static Cond listHas(Cond.ListHas lh) {
    if (!(lh.list() instanceof Value.Const list)) {
      return lh;
    }
    if (lh.element() instanceof Value.Const e) {
      return new Cond.Const(list.asList().contains(e.value()) != lh.negated());
    }
    List<Value.Const> items = new ArrayList<>();
    for (Object item : (List<?>) list.value()) {
      items.add(item instanceof Double d ? Value.Const.of(d) : Value.Const.of((String) item));
    }
    return new Cond.InList(lh.element(), items, lh.negated());
  }

  private static Cond all(List<Cond> terms) {
    return collapseEqualities(allFolded(terms), true);
  }

  private static Cond allFolded(List<Cond> terms) {
    List<Cond> kept = new ArrayList<>();
    for (Cond t : terms) {
      Cond s = cond(t);
      if (s instanceof Cond.Const k) {
        if (!k.value()) {
          return k;
        }
      } else if (s instanceof Cond.All inner) {
        kept.addAll(inner.terms());
      } else {
        kept.add(s);
      }
    }
    return kept.isEmpty() ? new Cond.Const(true) : kept.size() == 1 ? kept.getFirst() : new Cond.All(kept);
  }

  private static Cond any(List<Cond> terms) {
    return collapseEqualities(anyFolded(terms), false);
  }

  /**
   * {@code x == "a" or x == "b" or ...} becomes {@code x in ["a", "b", ...]} (and {@code x != "a"
   * and x != "b"} becomes {@code not in}): one constraint instead of thousands, which Drools
   * could not build.
   */
  private static Cond collapseEqualities(Cond c, boolean conjunction) {
    List<Cond> terms = conjunction ? (c instanceof Cond.All a ? a.terms() : null)
        : (c instanceof Cond.Any a ? a.terms() : null);
    if (terms == null) {
      return c;
    }
    dev.warden.dsl.ast.CompareOp wanted = conjunction ? dev.warden.dsl.ast.CompareOp.NE : dev.warden.dsl.ast.CompareOp.EQ;
    java.util.Map<Value.Fact, List<Value.Const>> byFact = new java.util.LinkedHashMap<>();
    List<Cond> others = new ArrayList<>();
    for (Cond t : terms) {
      if (t instanceof Cond.Compare cmp && cmp.op() == wanted && cmp.left() instanceof Value.Fact f
          && cmp.right() instanceof Value.Const k && !f.path().field().isBudget()) {
        byFact.computeIfAbsent(f, x -> new ArrayList<>()).add(k);
      } else {
        others.add(t);
      }
    }
    List<Cond> kept = new ArrayList<>();
    byFact.forEach((f, items) -> kept.add(items.size() == 1
        ? new Cond.Compare(f, wanted, items.getFirst())
        : new Cond.InList(f, items, conjunction)));
    if (byFact.values().stream().allMatch(l -> l.size() == 1)) {
      return c;
    }
    kept.addAll(others);
    return kept.size() == 1 ? kept.getFirst() : conjunction ? new Cond.All(kept) : new Cond.Any(kept);
  }

  private static Cond anyFolded(List<Cond> terms) {
    List<Cond> kept = new ArrayList<>();
    for (Cond t : terms) {
      Cond s = cond(t);
      if (s instanceof Cond.Const k) {
        if (k.value()) {
          return k;
        }
      } else if (s instanceof Cond.Any inner) {
        kept.addAll(inner.terms());
      } else {
        kept.add(s);
      }
    }
    return kept.isEmpty() ? new Cond.Const(false) : kept.size() == 1 ? kept.getFirst() : new Cond.Any(kept);
  }

  private static Cond not(Cond c) {
    return switch (c) {
      case Cond.Const k -> new Cond.Const(!k.value());
      case Cond.Not n -> n.operand();
      default -> new Cond.Not(c);
    };
  }

  private static Cond constant(Cond.Compare cmp) {
    if (!(cmp.left() instanceof Value.Const l) || !(cmp.right() instanceof Value.Const r)) {
      return cmp;
    }
    int order = l.value() instanceof Double a && r.value() instanceof Double b ? Double.compare(a, b)
        : l.value().equals(r.value()) ? 0 : 1;
    if (cmp.op().isOrdering() && !(l.value() instanceof Double)) {
      return new Cond.Const(false);
    }
    return new Cond.Const(cmp.op().test(order));
  }
}
