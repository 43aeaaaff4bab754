package dev.warden.dsl.emit;

import java.util.Objects;

/**
 * The names the emitted DRL uses for the rules-engine's fact classes and per-session global.
 * The accessors the DRL calls on them are listed in {@link Accessors}; the engine owns the
 * classes and checks in its tests that every accessor resolves.
 */
public record FactModel(String drlPackage, String requestFacts, String responseFacts, String candidate,
    String firingsGlobalType) {
  public FactModel {
    Objects.requireNonNull(drlPackage, "drlPackage");
    Objects.requireNonNull(requestFacts, "requestFacts");
    Objects.requireNonNull(responseFacts, "responseFacts");
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(firingsGlobalType, "firingsGlobalType");
  }

  /** The global through which a fired rule reports itself. */
  public static final String GLOBAL = "w";

  static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
