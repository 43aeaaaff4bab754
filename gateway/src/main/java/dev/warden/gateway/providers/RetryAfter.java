package dev.warden.gateway.providers;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * An upstream's request to wait: {@code retry-after-ms} (milliseconds, sent by OpenAI) or
 * {@code Retry-After} (RFC 9110: whole seconds or an HTTP date). Anything else, negative or past
 * values, and waits longer than a day are taken as not said.
 */
final class RetryAfter {
  private static final Duration MAX = Duration.ofDays(1);

  private RetryAfter() {}

  static Optional<Duration> parse(String millis, String retryAfter, Instant now) {
    if (millis != null) {
      Optional<Duration> ms = number(millis).map(Duration::ofMillis);
      if (ms.isPresent()) {
        return ms;
      }
    }
    if (retryAfter == null) {
      return Optional.empty();
    }
    Optional<Duration> seconds = number(retryAfter).map(Duration::ofSeconds);
    if (seconds.isPresent()) {
      return seconds;
    }
    if (retryAfter.length() > 64) {
      return Optional.empty();
    }
    try {
      Duration d = Duration.between(now, ZonedDateTime.parse(retryAfter.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
      return d.isNegative() || d.compareTo(MAX) > 0 ? Optional.empty() : Optional.of(d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> number(String s) {
    String t = s.strip();
    if (t.isEmpty() || t.length() > 9 || !t.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    long v = Long.parseLong(t);
    return v > MAX.toSeconds() ? Optional.empty() : Optional.of(v);
  }
}
