package dev.warden.gateway.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC key segments are sealed with. From the configuration ({@code audit.seal_key}); when
 * none is configured, one is generated on first start and kept beside the log in
 * {@value #FILE} (readable by the owner only), which a warning says at startup: seals then
 * catch edits by anyone who cannot read that file, not by someone who can.
 */
public final class SealKey {
  /** Where a generated key is kept, in the audit folder. */
  public static final String FILE = "audit.key";
  private final byte[] key;
  private final boolean generated;

  private SealKey(byte[] key, boolean generated) {
    if (key.length < 16) {
      throw new IllegalArgumentException("the audit seal key must be at least 16 bytes");
    }
    this.key = key.clone();
    this.generated = generated;
  }

  public static SealKey of(byte[] key) {
    return new SealKey(Objects.requireNonNull(key, "key"), false);
  }

  /** The configured key, else the one kept in {@code dir}, else a new one written there. */
  public static SealKey configuredOrKept(Optional<byte[]> configured, Path dir) throws IOException {
    if (configured.isPresent()) {
      return of(configured.get());
    }
    Optional<SealKey> kept = kept(dir);
    if (kept.isPresent()) {
      return kept.get();
    }
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    Path file = dir.resolve(FILE);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      return kept(dir).orElseThrow(() -> new IOException(file + " exists but holds no key"));
    }
    Files.writeString(file, HexFormat.of().formatHex(fresh) + "\n", StandardCharsets.US_ASCII);
    return new SealKey(fresh, true);
  }

  /** The key kept in {@code dir}, if there is one. */
  public static Optional<SealKey> kept(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
    try {
      return Optional.of(new SealKey(HexFormat.of().parseHex(hex), true));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " does not hold a hex key: " + e.getMessage(), e);
    }
  }

  /** Whether the key was generated and kept beside the log rather than configured. */
  public boolean generated() {
    return generated;
  }

  /** A short public id of the key (not the key): seals name it, so a verifier knows which key to use. */
  public String id() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The seal of a segment: an HMAC over its number, its record count and the hash of its last line. */
  public String seal(long segment, long records, String lastHash) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      String text = "warden-audit-seal/1|" + segment + "|" + records + "|" + lastHash;
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Whether {@code hmac} is the seal this key gives. */
  public boolean checks(long segment, long records, String lastHash, String hmac) {
    return MessageDigest.isEqual(seal(segment, records, lastHash).getBytes(StandardCharsets.US_ASCII),
        hmac.getBytes(StandardCharsets.US_ASCII));
  }
}
