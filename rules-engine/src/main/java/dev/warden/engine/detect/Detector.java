package dev.warden.engine.detect;

import java.util.List;
import java.util.Set;

/**
 * Finds entities of some types in a text. Every detector runs in time linear in its input
 * (RE2/J patterns, single passes), is stateless and thread-safe, and never throws on input.
 * The detector issue adds NER, secrets, injection and safety behind this same interface.
 */
public interface Detector {
  /** A short name shown in traces and scan output, e.g. {@code "pattern:EMAIL"}. */
  String name();

  /** The entity types this detector can report. */
  Set<String> types();

  /** Appends what it finds in {@code text} to {@code out}, offsets being chars of {@code text}. */
  void detect(String text, List<Detection> out);

  /**
   * The same, for a text whose scan shares a {@link TextMemo} between detectors (its lower case,
   * the windows of shared anchors); detectors that read neither need not override it.
   */
  default void detect(TextMemo text, List<Detection> out) {
    detect(text.text(), out);
  }
}
