package dev.warden.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.config.Finance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A key's rate limits as JSON, in the configuration's shape ({@code {"requests_per_minute": 60,
 * "tokens_per_day": 1000000}}): how {@code warden_keys.limits} stores them and how the admin API
 * takes them.
 */
public final class KeyLimits {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX = Long.MAX_VALUE / 4;

  private KeyLimits() {}

  /**
   * The limits of a JSON object.
   *
   * @throws IllegalArgumentException naming the setting that is wrong
   */
  public static List<Finance.RateLimit> parse(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return List.of();
    }
    if (!n.isObject()) {
      throw new IllegalArgumentException("limits must be an object such as {\"requests_per_minute\": 60}");
    }
    List<Finance.RateLimit> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      String name = e.getKey();
      if (!Finance.RateLimit.SETTINGS.contains(name)) {
        throw new IllegalArgumentException("limits." + clip(name) + " is not a limit; known: requests_per_minute,"
            + " requests_per_hour, requests_per_day, tokens_per_minute, tokens_per_hour, tokens_per_day");
      }
      JsonNode v = e.getValue();
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 1 || v.asLong() > MAX) {
        throw new IllegalArgumentException("limits." + name + " must be a whole number from 1 to " + MAX);
      }
      out.add(Finance.RateLimit.of(name, v.asLong()));
    }
    return out;
  }

  /** The limits of stored JSON text (written by {@link #json}). */
  static List<Finance.RateLimit> parse(String text) {
    try {
      return parse(JSON.readTree(text));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("warden_keys.limits is not JSON", e);
    }
  }

  /** The limits as a JSON object, names in a stable order. */
  public static ObjectNode json(List<Finance.RateLimit> limits) {
    Map<String, Long> sorted = new TreeMap<>();
    for (Finance.RateLimit l : limits) {
      sorted.put(l.unit().name().toLowerCase(Locale.ROOT) + "_per_" + l.per().name().toLowerCase(Locale.ROOT),
          l.amount());
    }
    ObjectNode o = JSON.createObjectNode();
    sorted.forEach(o::put);
    return o;
  }

  static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
