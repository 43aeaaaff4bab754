package dev.warden.engine.detect.ner;

import dev.warden.engine.detect.Detection;
import dev.warden.engine.detect.Detector;
import dev.warden.ner.NameFinder;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * PERSON, LOCATION and ORGANIZATION in English text, from the span classifier the
 * {@code ner-model} module trains during the build (with the project's word lists and the
 * OpenNLP English POS model from Central). A score is the classifier's probability of the type;
 * a clear name scores well above the default threshold of 0.5, and spans under
 * {@link NameFinder#MIN_SCORE} are not reported.
 *
 * <p>The models are read from the classpath once per JVM; {@link #detect} is thread-safe and
 * allocates only per call. Months, weekdays, titles, identifiers, versions, hashes and log
 * tokens are never names.
 */
public final class NerDetector implements Detector {
  public static final Set<String> TYPES = Set.of("PERSON", "LOCATION", "ORGANIZATION");
  private static final String NAME = "ner:en";

  private final NameFinder finder;

  private NerDetector(NameFinder finder) {
    this.finder = Objects.requireNonNull(finder, "finder");
  }

  /** The detector over the shared, once-loaded models (about 0.4 s and 11 MB of heap, the first time). */
  public static NerDetector load() {
    return new NerDetector(Models.FINDER);
  }

  /** Loads on first use and keeps the immutable models for the JVM's life. */
  private static final class Models {
    static final NameFinder FINDER = NameFinder.load();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> types() {
    return TYPES;
  }

  @Override
  public void detect(String text, List<Detection> out) {
    for (NameFinder.Entity e : finder.find(text)) {
      double score = Math.round(e.score() * 1000) / 1000.0;
      out.add(new Detection(e.type(), e.start(), e.end(), score, NAME));
    }
  }
}
