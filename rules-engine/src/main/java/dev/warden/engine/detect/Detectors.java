package dev.warden.engine.detect;

import java.util.Objects;
import java.util.Optional;

/**
 * The detectors that need trained models, loaded once per process: named entities (PERSON,
 * LOCATION, ORGANIZATION), prompt injection and content safety. Snapshots take from here what
 * their rules need.
 */
public final class Detectors {
  private final Optional<Detector> names;
  private final Optional<InjectionScorer> injection;
  private final Optional<SafetyScorer> safety;

  public Detectors(Optional<Detector> names, Optional<InjectionScorer> injection, Optional<SafetyScorer> safety) {
    this.names = Objects.requireNonNull(names, "names");
    this.injection = Objects.requireNonNull(injection, "injection");
    this.safety = Objects.requireNonNull(safety, "safety");
  }

  /** No model-based detectors: structured entities, secrets and pack entities only. */
  public static Detectors none() {
    return new Detectors(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The process-wide detectors, loaded on first use (the models take a moment to load). */
  public static Detectors standard() {
    return Standard.INSTANCE;
  }

  private static final class Standard {
    static final Detectors INSTANCE = load();
  }

  private static Detectors load() {
    return new Detectors(Optional.of(dev.warden.engine.detect.ner.NerDetector.load()),
        Optional.of(dev.warden.engine.detect.injection.InjectionDetector.load()),
        Optional.of(dev.warden.engine.detect.safety.SafetyDetector.load()));
  }

  public Optional<Detector> names() {
    return names;
  }

  public Optional<InjectionScorer> injection() {
    return injection;
  }

  public Optional<SafetyScorer> safety() {
    return safety;
  }
}
