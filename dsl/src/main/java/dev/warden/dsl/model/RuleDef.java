package dev.warden.dsl.model;

import dev.warden.dsl.source.Span;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A checked rule. {@code index} is its position in the program (packs by name, files by
 * name, rules in file order), which is also "file order" for tie-breaks.
 */
public record RuleDef(int index, String pack, String id, Span span, Optional<String> description, int priority,
    Enums.Phase phase, Enums.Mode mode, Cond when, List<Act> actions) {
  public RuleDef {
    Objects.requireNonNull(pack, "pack");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(when, "when");
    actions = List.copyOf(actions);
  }

  /** {@code pack/rule}. */
  public String fullId() {
    return pack + "/" + id;
  }

  public boolean monitor() {
    return mode == Enums.Mode.MONITOR;
  }
}
