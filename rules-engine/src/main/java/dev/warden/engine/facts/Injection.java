package dev.warden.engine.facts;

import java.util.List;

/** Prompt-injection likelihood (0..1) and the names of the signals that fired. */
public record Injection(double score, List<String> signals) {
  public Injection {
    signals = List.copyOf(signals);
  }

  public static final Injection NONE = new Injection(0, List.of());
}
