package dev.warden.dsl.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A checked pack: name, version, description and the files it was read from (sorted). */
public record PackInfo(String name, String version, Optional<String> description, List<String> files) {
  public PackInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(description, "description");
    files = List.copyOf(files);
  }
}
