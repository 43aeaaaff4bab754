package dev.warden.cli;

import dev.warden.gateway.audit.SealKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The seal keys a command checks an audit folder's seals with: the {@code --key-file}s given,
 * {@code $WARDEN_AUDIT_SEAL_KEY}, and the {@code audit.key} the gateway generated in the folder;
 * {@code warden audit verify} and {@code warden replay} take the same ones.
 */
final class SealKeys {
  private SealKeys() {}

  static List<SealKey> of(Path dir, List<Path> keyFiles) throws IOException {
    List<SealKey> keys = new ArrayList<>();
    for (Path f : keyFiles) {
      keys.add(SealKey.of(Files.readString(f, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8)));
    }
    String env = System.getenv("WARDEN_AUDIT_SEAL_KEY");
    if (env != null && !env.isEmpty()) {
      keys.add(SealKey.of(env.getBytes(StandardCharsets.UTF_8)));
    }
    SealKey.kept(dir).ifPresent(keys::add);
    return keys;
  }
}
