package dev.warden.cli;

import dev.warden.engine.catalog.ModelCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The model catalog a command runs with: a YAML file's, or the embedded default's. */
final class Catalogs {
  private Catalogs() {}

  static ModelCatalog defaults() {
    return ModelCatalog.defaults();
  }

  static ModelCatalog load(Optional<Path> file) throws IOException {
    if (file.isEmpty()) {
      return defaults();
    }
    try (InputStream in = Files.newInputStream(file.get())) {
      return ModelCatalog.fromYaml(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("cannot read the model catalog " + file.get() + ": " + e.getMessage(), e);
    }
  }
}
