package dev.warden.gateway.audit;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which audit records a search wants: a request id, a key id, a team, a rule (its full id
 * {@code pack/rule} or its name in any pack: fired, in either phase, or the one that blocked),
 * an outcome, a status, a time range ({@code from} inclusive, {@code to} exclusive), and at most
 * {@code limit} records, newest first.
 */
public record AuditFilter(Optional<String> requestId, Optional<String> key, Optional<String> team,
    Optional<String> rule, Optional<String> outcome, OptionalInt status, Optional<Instant> from, Optional<Instant> to,
    int limit) {
  public static final int MAX_LIMIT = 1000;
  public static final int DEFAULT_LIMIT = 100;
  /** The outcomes a record can have. */
  public static final java.util.List<String> OUTCOMES = java.util.List.of("served", "blocked", "refused", "failed",
      "client_closed");

  public AuditFilter {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(team, "team");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + "; got " + limit);
    }
    if (outcome.isPresent() && !OUTCOMES.contains(outcome.get())) {
      throw new IllegalArgumentException("outcome must be one of " + String.join(", ", OUTCOMES) + "; got \""
          + cut(outcome.get()) + "\"");
    }
    if (status.isPresent() && (status.getAsInt() < 100 || status.getAsInt() > 599)) {
      throw new IllegalArgumentException("status must be an HTTP status from 100 to 599; got " + status.getAsInt());
    }
    if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
      throw new IllegalArgumentException("from must be before to");
    }
  }

  /**
   * A time given as an instant ({@code 2026-11-23T08:00:00Z}) or a day ({@code 2026-11-23}: its
   * start, UTC); an {@link IllegalArgumentException} that says so otherwise.
   */
  public static Instant time(String name, String value) {
    try {
      return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be a time such as 2026-11-23T08:00:00Z or a day such as"
          + " 2026-11-23; got \"" + cut(value) + "\"");
    }
  }

  /** A value as an error message may show it: at most 60 characters. */
  static String cut(String value) {
    return value.length() <= 60 ? value : value.substring(0, 60) + "...";
  }

  /**
   * A cheap test on the raw line before it is parsed: every text the filter names must occur in
   * it, as JSON spells it (a quote, a backslash or a control character is escaped in the line).
   */
  boolean mayMatch(String line) {
    return requestId.map(v -> line.contains(json(v))).orElse(true) && key.map(v -> line.contains(json(v))).orElse(true)
        && team.map(v -> line.contains(json(v))).orElse(true) && rule.map(v -> line.contains(json(v))).orElse(true);
  }

  private static String json(String value) {
    return new String(JsonStringEncoder.getInstance().quoteAsString(value));
  }

  /** Whether a parsed record is wanted. */
  boolean matches(JsonNode r) {
    if (!"request".equals(r.path("type").asText())) {
      return false;
    }
    if (requestId.isPresent() && !requestId.get().equals(r.path("id").asText())) {
      return false;
    }
    if (key.isPresent() && !key.get().equals(r.path("principal").path("key").asText())) {
      return false;
    }
    if (team.isPresent() && !team.get().equals(r.path("principal").path("team").asText())) {
      return false;
    }
    if (outcome.isPresent() && !outcome.get().equals(r.path("outcome").asText())) {
      return false;
    }
    if (status.isPresent() && status.getAsInt() != r.path("status").asInt()) {
      return false;
    }
    if (from.isPresent() || to.isPresent()) {
      Instant t;
      try {
        t = Instant.parse(r.path("time").asText());
      } catch (DateTimeParseException e) {
        return false;
      }
      if (from.isPresent() && t.isBefore(from.get()) || to.isPresent() && !t.isBefore(to.get())) {
        return false;
      }
    }
    return rule.isEmpty() || mentions(r, rule.get());
  }

  private static boolean mentions(JsonNode r, String rule) {
    if (names(r.path("blocked_by").path("rule").asText(), rule)) {
      return true;
    }
    for (String phase : new String[] {"request", "response"}) {
      for (JsonNode f : r.path("decision").path(phase).path("fired")) {
        if (names(f.path("rule").asText(), rule)) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code pack/rule} names a rule by its full id or by its name after the pack. */
  private static boolean names(String fullId, String rule) {
    return !fullId.isEmpty() && (fullId.equals(rule) || fullId.endsWith("/" + rule));
  }
}
