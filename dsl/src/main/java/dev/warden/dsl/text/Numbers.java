package dev.warden.dsl.text;

/** Numbers as the policy language writes them: whole numbers without a fraction, others as they are. */
public final class Numbers {
  private Numbers() {}

  public static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
