package dev.warden.engine.facts;

/** Content-safety scores, each 0..1. */
public record Safety(double hate, double violence, double selfHarm, double sexual) {
  public static final Safety NONE = new Safety(0, 0, 0, 0);
}
