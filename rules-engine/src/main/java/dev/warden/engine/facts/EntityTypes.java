package dev.warden.engine.facts;

/**
 * What the facts need to know about entity types: each type's default threshold (the
 * entity's own score), and which values a pack allows (does not treat as the entity).
 */
public interface EntityTypes {
  double threshold(String type);

  /** Whether {@code pack} allows this detected value of {@code type}. */
  boolean allows(String pack, String type, String value);

  /** Every type at 0.5, nothing allowed: for facts built without detectors. */
  EntityTypes PLAIN = new EntityTypes() {
    @Override
    public double threshold(String type) {
      return 0.5;
    }

    @Override
    public boolean allows(String pack, String type, String value) {
      return false;
    }
  };
}
