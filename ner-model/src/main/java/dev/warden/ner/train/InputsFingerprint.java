package dev.warden.ner.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A hash of everything training reads (the corpus, the word lists, the trainer's compiled code),
 * so a build whose inputs did not change reuses the models instead of spending half a minute
 * retraining them. Training is deterministic, so the reused models are the ones it would make.
 */
final class InputsFingerprint {
  private InputsFingerprint() {}

  static String of(List<Path> roots) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path root : roots) {
        if (!Files.exists(root)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(root)) {
          for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
            sha.update(root.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(f));
          }
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
