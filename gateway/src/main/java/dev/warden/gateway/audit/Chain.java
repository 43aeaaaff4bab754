package dev.warden.gateway.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The hash chain of the audit log. Every line (a segment header, a record, a seal) carries
 * {@code prev}, the hash of the line before it (across segments), and {@code hash}, the
 * SHA-256 of its own {@link Canonical canonical} serialisation without {@code hash}. The line
 * written is that canonical text with {@code "hash"} appended as its last member.
 */
public final class Chain {
  /** The {@code prev} of the very first line of a log. */
  public static final String GENESIS = "0".repeat(64);
  private static final byte[] HASH_MEMBER = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);

  private Chain() {}

  /** A line ready to append (with its newline) and its hash. */
  public record Line(byte[] bytes, String hash) {}

  /** Hashes {@code node} (which must not have {@code hash} yet) and renders its line. */
  public static Line line(ObjectNode node) {
    if (node.isEmpty()) {
      throw new IllegalArgumentException("an audit line has members");
    }
    return line(Canonical.bytes(node));
  }

  /** The line of a non-empty object already in canonical form (without {@code hash}). */
  public static Line line(byte[] canon) {
    String hash = sha256(canon);
    // canon ends with '}': splice the hash member in before it
    byte[] out = Arrays.copyOf(canon, canon.length - 1 + HASH_MEMBER.length + 64 + 3);
    int at = canon.length - 1;
    System.arraycopy(HASH_MEMBER, 0, out, at, HASH_MEMBER.length);
    at += HASH_MEMBER.length;
    byte[] hex = hash.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(hex, 0, out, at, hex.length);
    at += hex.length;
    out[at++] = '"';
    out[at++] = '}';
    out[at] = '\n';
    return new Line(out, hash);
  }

  /** The hash a parsed line should carry: over its canonical form without {@code hash}. */
  public static String expectedHash(ObjectNode parsed) {
    ObjectNode copy = parsed.deepCopy();
    copy.remove("hash");
    return sha256(Canonical.bytes(copy));
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
