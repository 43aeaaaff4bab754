package dev.warden.engine.redact;

import dev.warden.dsl.model.Enums.RedactOp;
import dev.warden.engine.detect.Detection;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Rewrites detected entities in a text with the operators of the language: {@code replace}
 * ({@code [EMAIL]}), {@code partial} (last 4 kept), {@code mask} (all {@code *}), {@code hash}
 * ({@code PERSON_<8 hex of a keyed HMAC>}) and {@code pseudonymize} ({@code <PERSON_1>},
 * restorable). Overlapping detections are resolved first: higher score, then longer, then
 * earlier wins.
 */
public final class Redactor {
  private final Mac prototype;

  /** @param hashKey the HMAC key of {@code hash}: keep it secret and stable so hashes stay comparable */
  public Redactor(byte[] hashKey) {
    Objects.requireNonNull(hashKey, "hashKey");
    try {
      byte[] key = hashKey.length == 0 ? MessageDigest.getInstance("SHA-256").digest(new byte[0]) : hashKey;
      prototype = Mac.getInstance("HmacSHA256");
      prototype.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** One rewrite: the entity type, its operator and the range it replaced in the original text. */
  public record Applied(String type, RedactOp op, int start, int end) {}

  /** The rewritten text and what was rewritten. */
  public record Result(String text, List<Applied> applied) {
    public Result {
      applied = List.copyOf(applied);
    }
  }

  /**
   * Rewrites the detections whose type has an operator in {@code ops}.
   *
   * @param detections detections in {@code text} that pass their thresholds
   */
  public Result apply(String text, List<Detection> detections, Map<String, RedactOp> ops, Pseudonyms vault) {
    List<Detection> chosen = nonOverlapping(detections.stream().filter(d -> ops.containsKey(d.type())).toList());
    if (chosen.isEmpty()) {
      return new Result(text, List.of());
    }
    StringBuilder out = new StringBuilder(text.length());
    List<Applied> applied = new ArrayList<>();
    int at = 0;
    for (Detection d : chosen) {
      RedactOp op = ops.get(d.type());
      out.append(text, at, d.start());
      out.append(rewrite(op, d.type(), text.substring(d.start(), d.end()), vault));
      applied.add(new Applied(d.type(), op, d.start(), d.end()));
      at = d.end();
    }
    out.append(text, at, text.length());
    return new Result(out.toString(), applied);
  }

  /**
   * Keeps the best of overlapping detections (score, then length, then position), sorted by
   * start. Kept ranges are indexed by start, so each candidate is checked against its two
   * neighbours only: O(n log n) however many entities a hostile prompt holds.
   */
  static List<Detection> nonOverlapping(List<Detection> detections) {
    List<Detection> ranked = new ArrayList<>(detections);
    ranked.sort(Comparator.comparingDouble(Detection::score).reversed()
        .thenComparing(Comparator.comparingInt(Detection::length).reversed())
        .thenComparingInt(Detection::start));
    java.util.TreeMap<Integer, Detection> kept = new java.util.TreeMap<>();
    for (Detection d : ranked) {
      var before = kept.floorEntry(d.start());
      var after = kept.ceilingEntry(d.start());
      if ((before == null || !before.getValue().overlaps(d)) && (after == null || !after.getValue().overlaps(d))) {
        kept.put(d.start(), d);
      }
    }
    return List.copyOf(kept.values());
  }

  String rewrite(RedactOp op, String type, String value, Pseudonyms vault) {
    return switch (op) {
      case REPLACE -> "[" + type + "]";
      case MASK -> "*".repeat(value.codePointCount(0, value.length()));
      case PARTIAL -> partial(value);
      case HASH -> type + "_" + hash(value);
      case PSEUDONYMIZE -> vault.tokenFor(type, value);
    };
  }

  private static String partial(String value) {
    int n = value.codePointCount(0, value.length());
    if (n <= 4) {
      return "*".repeat(n);
    }
    int keepFrom = value.offsetByCodePoints(0, n - 4);
    return "*".repeat(n - 4) + value.substring(keepFrom);
  }

  /** The first 8 hex digits of HMAC-SHA256(key, value). */
  String hash(String value) {
    Mac mac;
    try {
      mac = (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
    byte[] h = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(h, 0, 4);
  }
}
