package dev.warden.engine.detect;

import dev.warden.engine.facts.Safety;

/**
 * Scores a text for unsafe content: {@code safety.hate}, {@code .violence}, {@code .self_harm}
 * and {@code .sexual}, each 0..1. Used on prompts and on answers. Thread-safe; never throws on
 * input; linear in the text.
 */
public interface SafetyScorer {
  /** The scores of a text whose views other detectors may read too (see {@link TextViews}). */
  Safety score(TextViews text);

  default Safety score(String text) {
    return score(TextViews.of(text));
  }
}
