package dev.warden.gateway.config;

import dev.warden.dsl.model.Enums;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where keys, budgets and spend live, the counters replicas share, and the budgets of the
 * configuration file: the {@code store}, {@code redis}, {@code budgets} and {@code finance}
 * sections.
 *
 * @param store the SQL store (H2 in a file by default, PostgreSQL when configured); absent: an
 *     in-memory H2 database, lost on restart (tests, one-off runs)
 * @param redis the Redis several replicas share counters through (rate limits, reservations);
 *     absent: counters in this process, right for one replica
 * @param budgets the budgets of the configuration file (the admin API adds others)
 * @param reservationTtl how long a reservation may stay open before it is taken as left by a
 *     crash, expired and settled at its estimate
 * @param failOpen serve requests without budgets and rate limits when the store or Redis cannot
 *     be reached (default false: refuse with 503)
 */
public record Finance(Optional<Store> store, Optional<RedisConfig> redis, List<Budget> budgets, Duration reservationTtl,
    boolean failOpen) {
  public Finance {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(redis, "redis");
    budgets = List.copyOf(budgets);
    Objects.requireNonNull(reservationTtl, "reservationTtl");
  }

  /** No store configured, counters in process, no budgets. */
  public static final Finance NONE = new Finance(Optional.empty(), Optional.empty(), List.of(), Duration.ofMinutes(10),
      false);

  /**
   * A JDBC store: {@code jdbc:h2:file:...} or {@code jdbc:postgresql://...}, with a pool of
   * {@code pool} connections; {@code schema}: the PostgreSQL schema of Warden's tables (created
   * if missing), so several deployments or test runs can share a database; empty: the
   * connection's default.
   */
  public record Store(String url, String user, String password, int pool, String schema) {
    public Store(String url, String user, String password, int pool) {
      this(url, user, password, pool, "");
    }

    @Override
    public String toString() {
      return "Store[url=" + url + ", user=" + user + ", pool=" + pool + ", schema=" + schema + "]";
    }
  }

  /**
   * A Redis URI ({@code redis://host:6379}, {@code rediss://...}) and the prefix of every key
   * Warden writes there ({@code warden:} by default), so deployments sharing a Redis stay apart.
   */
  public record RedisConfig(String url, String prefix) {
    @Override
    public String toString() {
      return "RedisConfig[url=" + url.replaceAll("//[^@/]*@", "//***@") + ", prefix=" + prefix + "]";
    }
  }

  /** How often a budget starts again; {@code NONE}: never. */
  public enum Period { DAILY, WEEKLY, MONTHLY, NONE }

  /**
   * A budget of the configuration file: {@code amountUsd} per {@code period} for one scope's
   * subject (a key id, user, team, tenant or app). With {@code capPercent}, the gateway refuses
   * (402) any request whose worst-case cost would take spend past that share of the amount:
   * reserved before the call, so concurrent requests cannot overshoot it. Without it the budget
   * only informs the rules ({@code budget(team).used}).
   */
  public record Budget(Enums.Scope scope, String subject, BigDecimal amountUsd, Period period,
      Optional<Double> capPercent) {
    public Budget {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(amountUsd, "amountUsd");
      Objects.requireNonNull(period, "period");
      Objects.requireNonNull(capPercent, "capPercent");
    }
  }

  /** A rate limit: {@code amount} requests or tokens per minute, hour or day. */
  public record RateLimit(long amount, Enums.LimitUnit unit, Enums.Per per) {
    /** The settings a key's {@code limits} may hold, in the configuration and the admin API alike. */
    public static final java.util.Set<String> SETTINGS = java.util.Set.of("requests_per_minute", "requests_per_hour",
        "requests_per_day", "tokens_per_minute", "tokens_per_hour", "tokens_per_day");

    public RateLimit {
      if (amount < 1) {
        throw new IllegalArgumentException("a rate limit must allow at least 1; got " + amount);
      }
      Objects.requireNonNull(unit, "unit");
      Objects.requireNonNull(per, "per");
    }

    /**
     * The limit a setting such as {@code tokens_per_day} names.
     *
     * @throws IllegalArgumentException when {@code setting} is not one of {@link #SETTINGS}
     */
    public static RateLimit of(String setting, long amount) {
      if (!SETTINGS.contains(setting)) {
        throw new IllegalArgumentException("not a limit: " + setting);
      }
      String[] parts = setting.split("_per_", 2);
      return new RateLimit(amount, parts[0].equals("requests") ? Enums.LimitUnit.REQUESTS : Enums.LimitUnit.TOKENS,
          Enums.Per.valueOf(parts[1].toUpperCase(java.util.Locale.ROOT)));
    }
  }
}
