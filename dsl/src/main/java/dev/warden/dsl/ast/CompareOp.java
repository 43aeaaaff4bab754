package dev.warden.dsl.ast;

/** A comparison operator. */
public enum CompareOp {
  EQ("=="),
  NE("!="),
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">=");

  private final String symbol;

  CompareOp(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  public boolean isOrdering() {
    return this != EQ && this != NE;
  }

  /** The operator with its operands swapped: {@code a < b} is {@code b > a}. */
  public CompareOp flipped() {
    return switch (this) {
      case EQ, NE -> this;
      case LT -> GT;
      case LE -> GE;
      case GT -> LT;
      case GE -> LE;
    };
  }

  /** The operator that holds exactly when this one does not. */
  public CompareOp negated() {
    return switch (this) {
      case EQ -> NE;
      case NE -> EQ;
      case LT -> GE;
      case LE -> GT;
      case GT -> LE;
      case GE -> LT;
    };
  }

  public static CompareOp ofSymbol(String s) {
    for (CompareOp op : values()) {
      if (op.symbol.equals(s)) {
        return op;
      }
    }
    throw new IllegalArgumentException("not an operator: " + s);
  }

  /** Applies the operator to an ordering result ({@code Comparable.compareTo}). */
  public boolean test(int cmp) {
    return switch (this) {
      case EQ -> cmp == 0;
      case NE -> cmp != 0;
      case LT -> cmp < 0;
      case LE -> cmp <= 0;
      case GT -> cmp > 0;
      case GE -> cmp >= 0;
    };
  }
}
