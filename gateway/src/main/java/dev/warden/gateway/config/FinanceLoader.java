package dev.warden.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.dsl.model.Enums;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code store}, {@code redis}, {@code budgets} and {@code finance} sections, and a
 * key's {@code limits}. A misspelt setting or a value that cannot work stops the gateway at
 * startup with the setting named.
 */
final class FinanceLoader {
  private final Env env;
  private final Path base;

  FinanceLoader(Env env, Path base) {
    this.env = env;
    this.base = base;
  }

  Finance read(JsonNode root) throws ConfigException {
    ConfigLoader.known(root.path("store"), "store.", Set.of("url", "user", "password", "pool", "schema"));
    ConfigLoader.known(root.path("redis"), "redis.", Set.of("url", "prefix"));
    ConfigLoader.known(root.path("finance"), "finance.", Set.of("reservation_ttl", "fail_open"));
    Optional<Finance.Store> store = store(root.path("store"));
    String redis = str(root.path("redis"), "url", "");
    if (!redis.isEmpty() && !redis.startsWith("redis://") && !redis.startsWith("rediss://")) {
      throw new ConfigException("redis.url must be a redis:// or rediss:// URI (e.g. redis://127.0.0.1:6379); got "
          + redis);
    }
    JsonNode f = root.path("finance");
    Duration ttl = new ObservabilityLoader(env, base).duration(f, "reservation_ttl", Duration.ofMinutes(10));
    if (ttl.compareTo(Duration.ofSeconds(10)) < 0) {
      throw new ConfigException("finance.reservation_ttl must be at least 10s: a reservation must outlive the longest"
          + " call it covers; got " + ttl);
    }
    String failOpen = str(f, "fail_open", "false").toLowerCase(Locale.ROOT);
    if (!failOpen.equals("true") && !failOpen.equals("false")) {
      throw new ConfigException("finance.fail_open must be true or false; got " + failOpen);
    }
    String prefix = str(root.path("redis"), "prefix", "warden:");
    if (!prefix.matches("[A-Za-z0-9:_.-]{1,64}")) {
      throw new ConfigException("redis.prefix must be 1 to 64 letters, digits or :_.-; got " + prefix);
    }
    return new Finance(store, redis.isEmpty() ? Optional.empty() : Optional.of(new Finance.RedisConfig(redis, prefix)),
        budgets(root.path("budgets")),
        ttl, failOpen.equals("true"));
  }

  private Optional<Finance.Store> store(JsonNode n) throws ConfigException {
    if (n.isMissingNode() || n.isNull()) {
      return Optional.empty();
    }
    String url = str(n, "url", "");
    if (url.isEmpty()) {
      return Optional.empty();
    }
    if (url.startsWith("jdbc:h2:file:")) {
      // a relative H2 file is taken from the configuration's folder, as packs and audit are
      String file = url.substring("jdbc:h2:file:".length());
      int semi = file.indexOf(';');
      String path = semi < 0 ? file : file.substring(0, semi);
      Path p = Path.of(path);
      url = "jdbc:h2:file:" + (p.isAbsolute() ? p : base.resolve(p).normalize()) + (semi < 0 ? "" : file.substring(semi));
    } else if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
      throw new ConfigException("store.url must be an H2 (jdbc:h2:file:./data/warden) or PostgreSQL"
          + " (jdbc:postgresql://host:5432/db) JDBC URL; got " + url.replaceAll("password=[^&;]*", "password=***"));
    }
    long pool = whole(n, "store.pool", "pool", 10, 1, 200);
    String schema = str(n, "schema", "");
    if (!schema.isEmpty() && (!url.startsWith("jdbc:postgresql:") || !schema.matches("[a-z_][a-z0-9_]{0,62}"))) {
      throw new ConfigException("store.schema is for PostgreSQL only and must be a lower-case SQL name"
          + " ([a-z_][a-z0-9_]*); got " + schema);
    }
    return Optional.of(new Finance.Store(url, str(n, "user", ""), str(n, "password", ""), (int) pool, schema));
  }

  private List<Finance.Budget> budgets(JsonNode n) throws ConfigException {
    if (n.isMissingNode() || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new ConfigException("budgets must be a list of {scope, subject, amount_usd, period, cap_percent}");
    }
    List<Finance.Budget> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (JsonNode b : n) {
      String where = "budgets[" + b.path("scope").asText("?") + ":" + b.path("subject").asText("?") + "]";
      ConfigLoader.known(b, where + ".", Set.of("scope", "subject", "amount_usd", "period", "cap_percent"));
      Enums.Scope scope = switch (str(b, "scope", "").toLowerCase(Locale.ROOT)) {
        case "key" -> Enums.Scope.KEY;
        case "user" -> Enums.Scope.USER;
        case "team" -> Enums.Scope.TEAM;
        case "tenant" -> Enums.Scope.TENANT;
        case "app" -> Enums.Scope.APP;
        default -> throw new ConfigException(where + ".scope must be key, user, team, tenant or app");
      };
      String subject = str(b, "subject", "");
      if (subject.isEmpty()) {
        throw new ConfigException(where + ".subject is missing: the key id, user, team, tenant or app it applies to");
      }
      BigDecimal amount;
      try {
        amount = new BigDecimal(str(b, "amount_usd", ""));
      } catch (NumberFormatException e) {
        throw new ConfigException(where + ".amount_usd must be an amount in USD such as 50 or 12.50; got \""
            + str(b, "amount_usd", "") + "\"");
      }
      if (amount.signum() <= 0 || amount.compareTo(new BigDecimal("1000000000")) > 0 || amount.scale() > 6) {
        throw new ConfigException(where + ".amount_usd must be more than 0, at most 1e9, with at most 6 decimals; got "
            + amount.toPlainString());
      }
      Finance.Period period = switch (str(b, "period", "monthly").toLowerCase(Locale.ROOT)) {
        case "daily" -> Finance.Period.DAILY;
        case "weekly" -> Finance.Period.WEEKLY;
        case "monthly" -> Finance.Period.MONTHLY;
        case "none" -> Finance.Period.NONE;
        default -> throw new ConfigException(where + ".period must be daily, weekly, monthly or none");
      };
      Optional<Double> cap = Optional.empty();
      if (b.has("cap_percent") && !b.get("cap_percent").isNull()) {
        double c = number(b, where + ".cap_percent", "cap_percent");
        if (!(c > 0 && c <= 10_000)) {
          throw new ConfigException(where + ".cap_percent must be more than 0 and at most 10000; got " + c);
        }
        cap = Optional.of(c);
      }
      if (!seen.add(scope + ":" + subject)) {
        throw new ConfigException(where + " is in budgets twice");
      }
      out.add(new Finance.Budget(scope, subject, amount, period, cap));
    }
    return out;
  }

  /** A key's {@code limits}: {@code {requests_per_minute: 60, tokens_per_day: 1000000}}. */
  List<Finance.RateLimit> limits(JsonNode n, String keyId) throws ConfigException {
    if (n.isMissingNode() || n.isNull()) {
      return List.of();
    }
    String where = "keys[" + keyId + "].limits";
    ConfigLoader.known(n, where + ".", Finance.RateLimit.SETTINGS);
    List<Finance.RateLimit> out = new ArrayList<>();
    for (var e : n.properties()) {
      long amount = whole(n, where + "." + e.getKey(), e.getKey(), 0, 1, Long.MAX_VALUE / 4);
      out.add(Finance.RateLimit.of(e.getKey(), amount));
    }
    return out;
  }

  private String str(JsonNode n, String key, String dflt) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? dflt : env.substitute(v.asText());
  }

  private double number(JsonNode n, String name, String key) throws ConfigException {
    String s = str(n, key, "");
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a number; got \"" + s + "\"");
    }
  }

  private long whole(JsonNode n, String name, String key, long dflt, long min, long max) throws ConfigException {
    if (!n.has(key)) {
      return dflt;
    }
    double v = number(n, name, key);
    if (v != Math.rint(v) || v < min || v > max) {
      throw new ConfigException(name + " must be a whole number from " + min + " to " + max + "; got " + str(n, key, ""));
    }
    return (long) v;
  }
}
