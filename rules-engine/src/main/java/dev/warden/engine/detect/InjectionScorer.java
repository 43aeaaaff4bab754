package dev.warden.engine.detect;

import dev.warden.engine.facts.Injection;

/**
 * Scores a text for prompt injection and jailbreak attempts: {@code injection.score} in 0..1
 * (calibrated, so 0.9 means what it says) and the names of the signals that fired
 * ({@code injection.signals}). Thread-safe; never throws on input; linear in the text.
 */
public interface InjectionScorer {
  /** The score of a text whose views other detectors may read too (see {@link TextViews}). */
  Injection score(TextViews text);

  default Injection score(String text) {
    return score(TextViews.of(text));
  }
}
