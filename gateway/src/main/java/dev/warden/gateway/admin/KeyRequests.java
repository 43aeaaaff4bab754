package dev.warden.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.dsl.model.Enums;
import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.config.Finance;
import dev.warden.gateway.keys.KeyLimits;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the bodies of {@code /admin/keys}: every field checked for its type, length and
 * characters, unknown fields refused by name, so a typo never silently does nothing. Errors are
 * 400s that say which field and what it should be, never echoing more than a short prefix.
 */
final class KeyRequests {
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  private static final Set<String> IDENTITY = Set.of("user", "team", "tenant", "app", "region", "env", "roles");
  static final Set<String> CREATE = union(IDENTITY, Set.of("id", "models", "expires_at", "limits", "budget"));
  static final Set<String> PATCH = union(IDENTITY, Set.of("models", "expires_at", "limits", "budget"));
  private static final int MAX_LIST = 256;
  static final long MAX_GRACE_SECONDS = 30L * 24 * 3600;

  private KeyRequests() {}

  static void object(JsonNode body, Set<String> known) {
    if (!body.isObject()) {
      throw ApiError.badRequest("The request body must be a JSON object.");
    }
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      if (!known.contains(e.getKey())) {
        throw ApiError.badRequest("Unknown field \"" + clip(e.getKey()) + "\"; known: "
            + new java.util.TreeSet<>(known) + ".");
      }
    }
  }

  /** A text field (absent or null: empty), at most {@code max} characters, no control characters. */
  static String text(JsonNode body, String field, int max) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw ApiError.badRequest("\"" + field + "\" must be a string.");
    }
    return checked(field, v.asText(), max);
  }

  static String checked(String field, String s, int max) {
    if (s.length() > max) {
      throw ApiError.badRequest("\"" + field + "\" must be at most " + max + " characters.");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c) && !validSurrogate(s, i)) {
        throw ApiError.badRequest("\"" + field + "\" must not contain control characters.");
      }
    }
    return s;
  }

  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  static List<String> strings(JsonNode body, String field, int max) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray() || v.size() > MAX_LIST) {
      throw ApiError.badRequest("\"" + field + "\" must be a list of at most " + MAX_LIST + " strings.");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode s : v) {
      if (!s.isTextual() || s.asText().isEmpty()) {
        throw ApiError.badRequest("\"" + field + "\" must be a list of non-empty strings.");
      }
      String t = checked(field, s.asText(), max);
      if (!out.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /** The models, each of which must be in the catalog. */
  static List<String> models(JsonNode body, Set<String> catalog) {
    List<String> models = strings(body, "models", 128);
    for (String m : models) {
      if (!catalog.contains(m)) {
        throw ApiError.badRequest("\"models\": \"" + clip(m) + "\" is not a model of the catalog (GET /v1/models).");
      }
    }
    return models;
  }

  static Optional<Instant> instant(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw ApiError.badRequest("\"" + field + "\" must be a time such as \"2027-01-31T00:00:00Z\".");
    }
    try {
      return Optional.of(Instant.parse(v.asText()));
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest("\"" + field + "\" must be a time such as \"2027-01-31T00:00:00Z\"; got \""
          + clip(v.asText()) + "\".");
    }
  }

  static List<Finance.RateLimit> limits(JsonNode body) {
    try {
      return KeyLimits.parse(body.get("limits"));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage() + ".");
    }
  }

  /** {@code budget}: absent or null is none; {@code {amount_usd, period, cap_percent}}. */
  static Optional<Finance.Budget> budget(JsonNode body, String keyId) {
    JsonNode b = body.get("budget");
    if (b == null || b.isNull()) {
      return Optional.empty();
    }
    if (!b.isObject()) {
      throw ApiError.badRequest("\"budget\" must be an object {amount_usd, period, cap_percent}.");
    }
    object(b, Set.of("amount_usd", "period", "cap_percent"));
    JsonNode a = b.get("amount_usd");
    BigDecimal amount;
    if (a != null && a.isNumber()) {
      amount = a.decimalValue();
    } else if (a != null && a.isTextual()) {
      try {
        amount = new BigDecimal(a.asText());
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("\"budget.amount_usd\" must be an amount in USD such as 50 or \"12.50\".");
      }
    } else {
      throw ApiError.badRequest("\"budget.amount_usd\" is required: an amount in USD such as 50 or \"12.50\".");
    }
    if (amount.signum() <= 0 || amount.compareTo(new BigDecimal("1000000000")) > 0
        || amount.stripTrailingZeros().scale() > 6) {
      throw ApiError.badRequest("\"budget.amount_usd\" must be more than 0, at most 1e9, with at most 6 decimals.");
    }
    JsonNode p = b.get("period");
    if (p != null && !p.isNull() && !p.isTextual()) {
      throw ApiError.badRequest("\"budget.period\" must be daily, weekly, monthly or none.");
    }
    Finance.Period period = switch (p == null || p.isNull() ? "monthly" : p.asText().toLowerCase(Locale.ROOT)) {
      case "daily" -> Finance.Period.DAILY;
      case "weekly" -> Finance.Period.WEEKLY;
      case "monthly" -> Finance.Period.MONTHLY;
      case "none" -> Finance.Period.NONE;
      default -> throw ApiError.badRequest("\"budget.period\" must be daily, weekly, monthly or none.");
    };
    Optional<Double> cap = Optional.empty();
    JsonNode c = b.get("cap_percent");
    if (c != null && !c.isNull()) {
      if (!c.isNumber() || !(c.asDouble() > 0 && c.asDouble() <= 10_000)) {
        throw ApiError.badRequest("\"budget.cap_percent\" must be a number more than 0 and at most 10000.");
      }
      cap = Optional.of(c.asDouble());
    }
    BigDecimal plain = amount.stripTrailingZeros();
    return Optional.of(new Finance.Budget(Enums.Scope.KEY, keyId, plain.scale() < 0 ? plain.setScale(0) : plain,
        period, cap));
  }

  /** {@code grace_seconds} of a rotation: 0 to 30 days, default one hour. */
  static long graceSeconds(JsonNode body) {
    object(body, Set.of("grace_seconds"));
    JsonNode g = body.get("grace_seconds");
    if (g == null || g.isNull()) {
      return 3600;
    }
    if (!g.isIntegralNumber() || !g.canConvertToLong() || g.asLong() < 0 || g.asLong() > MAX_GRACE_SECONDS) {
      throw ApiError.badRequest("\"grace_seconds\" must be a whole number of seconds from 0 to " + MAX_GRACE_SECONDS
          + ".");
    }
    return g.asLong();
  }

  static String clip(String s) {
    String t = s.length() <= 40 ? s : s.substring(0, 40) + "...";
    StringBuilder b = new StringBuilder();
    t.codePoints().forEach(cp -> b.append(Character.isISOControl(cp) ? "?" : Character.toString(cp)));
    return b.toString();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new java.util.HashSet<>(a);
    out.addAll(b);
    return Set.copyOf(out);
  }
}
