package dev.warden.dsl.model;

import dev.warden.dsl.schema.Field;
import java.util.EnumSet;
import java.util.Set;

/** The schema fields a program reads, in conditions, route constraints and messages. */
public final class FieldUse {
  private FieldUse() {}

  public static Set<Field> of(Program program) {
    Set<Field> fields = EnumSet.noneOf(Field.class);
    program.rules().forEach(r -> fields.addAll(of(r)));
    return fields;
  }

  public static Set<Field> of(RuleDef r) {
    Set<Field> fields = EnumSet.noneOf(Field.class);
    collect(r.when(), fields);
    for (Act a : r.actions()) {
      switch (a) {
        case Act.RouteWhere rw -> rw.where().ifPresent(w -> collect(w, fields));
        case Act.Block b -> b.message().ifPresent(m -> collect(m, fields));
        case Act.Warn w -> collect(w.message(), fields);
        case Act.Tag t -> collect(t.value(), fields);
        default -> { }
      }
    }
    return fields;
  }

  /** Whether any rule of the given phase reads a field of the given root ("injection", "safety"). */
  public static boolean reads(Program program, Enums.Phase phase, String root) {
    return program.rules().stream().filter(r -> r.phase() == phase)
        .anyMatch(r -> of(r).stream().anyMatch(f -> f.root().equals(root)));
  }

  private static void collect(Msg m, Set<Field> into) {
    for (Msg.Piece p : m.pieces()) {
      if (p instanceof Msg.Ref r) {
        into.add(r.path().field());
      }
    }
  }

  private static void collect(Cond c, Set<Field> into) {
    switch (c) {
      case Cond.All a -> a.terms().forEach(t -> collect(t, into));
      case Cond.Any a -> a.terms().forEach(t -> collect(t, into));
      case Cond.Not n -> collect(n.operand(), into);
      case Cond.Compare cmp -> {
        value(cmp.left(), into);
        value(cmp.right(), into);
      }
      case Cond.InList in -> value(in.needle(), into);
      case Cond.ListHas lh -> {
        value(lh.list(), into);
        value(lh.element(), into);
      }
      case Cond.Match m -> value(m.subject(), into);
      case Cond.TextContains tc -> {
        value(tc.subject(), into);
        value(tc.needle(), into);
      }
      default -> { }
    }
  }

  private static void value(Value v, Set<Field> into) {
    if (v instanceof Value.Fact f) {
      into.add(f.path().field());
    }
  }
}
