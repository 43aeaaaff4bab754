package dev.warden.engine.eval;

/**
 * Where one evaluation's time went, in nanoseconds: detection (entities, injection, safety,
 * token counts and the facts), the rules (a Drools session and combining), and redaction.
 * Traces draw them as child spans.
 */
public record Timings(long detectNanos, long decideNanos, long redactNanos) {
  public static final Timings NONE = new Timings(0, 0, 0);

  public long totalNanos() {
    return detectNanos + decideNanos + redactNanos;
  }
}
