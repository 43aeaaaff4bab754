package dev.warden.gateway.limits;

import dev.warden.dsl.model.Enums;
import java.time.Duration;
import java.util.Objects;

/**
 * One rate limit on one subject: {@code amount} requests or tokens per minute, hour or day for
 * a key id, user, team, tenant or app. Its bucket is named by all of these, so a limit whose
 * amount changes (a new configuration, another rule) starts a fresh bucket instead of reusing
 * one built for another amount.
 */
public record RateRule(Enums.Scope scope, String subject, long amount, Enums.LimitUnit unit, Enums.Per per) {
  public RateRule {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(per, "per");
    if (amount < 1) {
      throw new IllegalArgumentException("a rate limit must allow at least 1; got " + amount);
    }
  }

  /** The window: a minute, an hour or a day. */
  public Duration window() {
    return switch (per) {
      case MINUTE -> Duration.ofMinutes(1);
      case HOUR -> Duration.ofHours(1);
      case DAY -> Duration.ofDays(1);
    };
  }

  /**
   * The bucket's name: {@code team/eng/requests/minute/600}. The subject is percent-encoded
   * where it could be confused with the separators (it comes from keys and configuration, but
   * may hold any character).
   */
  public String bucketId() {
    return SCOPES[scope.ordinal()] + "/" + escape(subject) + "/" + UNITS[unit.ordinal()] + "/" + PERS[per.ordinal()]
        + "/" + amount;
  }

  // the enums' words, made once: a bucket is looked up by its name on every request
  private static final String[] SCOPES = words(Enums.Scope.values());
  private static final String[] UNITS = words(Enums.LimitUnit.values());
  private static final String[] PERS = words(Enums.Per.values());

  private static String[] words(Enum<?>[] values) {
    String[] out = new String[values.length];
    for (Enum<?> v : values) {
      out[v.ordinal()] = Enums.word(v);
    }
    return out;
  }

  /** The scope, subject, unit and window without the amount: limits on the same thing. */
  String sameThing() {
    return scope + "\u0000" + subject + "\u0000" + unit + "\u0000" + per;
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '/' || c == '%' || c < 0x20 || c == 0x7f || c == ' ') {
        b.append('%').append(String.format("%02X", (int) c & 0xff));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
