package dev.warden.gateway.config;

import static dev.warden.gateway.config.ConfigLoaderTest.MINIMAL;
import static dev.warden.gateway.config.ConfigLoaderTest.error;
import static dev.warden.gateway.config.ConfigLoaderTest.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.dsl.model.Enums;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The store, Redis, budgets and key limits of the configuration file. */
class FinanceConfigTest {
  @Test
  void absentSectionsMeanAnInMemoryStoreCountersInProcessAndNoBudgets() throws Exception {
    Finance f = load(MINIMAL, Map.of()).finance();
    assertEquals(Optional.empty(), f.store());
    assertEquals(Optional.empty(), f.redis());
    assertEquals(List.of(), f.budgets());
    assertEquals(Duration.ofMinutes(10), f.reservationTtl());
    assertEquals(List.of(), load(MINIMAL, Map.of()).keys().getFirst().limits());
  }

  @Test
  void storeRedisBudgetsAndLimitsAreRead() throws Exception {
    Finance f = load(MINIMAL.replace("models: [m]}", "models: [m], limits: {requests_per_minute: 60, tokens_per_day: 100000}}")
        + """
        store: {url: "jdbc:h2:file:./data/warden", pool: 4}
        redis: {url: "${REDIS:-redis://127.0.0.1:6379}"}
        finance: {reservation_ttl: 2m, fail_open: true}
        budgets:
          - {scope: team, subject: t, amount_usd: 12.50, period: daily}
          - {scope: tenant, subject: acme, amount_usd: 100, cap_percent: 120}
        """, Map.of()).finance();
    assertEquals("jdbc:h2:file:/srv/warden/data/warden", f.store().orElseThrow().url());
    assertEquals(4, f.store().orElseThrow().pool());
    assertEquals(Optional.of(new Finance.RedisConfig("redis://127.0.0.1:6379", "warden:")), f.redis());
    assertEquals(Duration.ofMinutes(2), f.reservationTtl());
    assertTrue(f.failOpen());
    assertEquals(new Finance.Budget(Enums.Scope.TEAM, "t", new BigDecimal("12.5"), Finance.Period.DAILY,
        Optional.empty()), f.budgets().get(0));
    assertEquals(new Finance.Budget(Enums.Scope.TENANT, "acme", new BigDecimal("100"), Finance.Period.MONTHLY,
        Optional.of(120.0)), f.budgets().get(1));
    List<Finance.RateLimit> limits = load(MINIMAL.replace("models: [m]}",
        "models: [m], limits: {requests_per_minute: 60, tokens_per_day: 100000}}"), Map.of()).keys().getFirst().limits();
    assertEquals(List.of(new Finance.RateLimit(60, Enums.LimitUnit.REQUESTS, Enums.Per.MINUTE),
        new Finance.RateLimit(100000, Enums.LimitUnit.TOKENS, Enums.Per.DAY)), limits);
  }

  @Test
  void mistakesAreNamed() {
    assertTrue(error(MINIMAL + "store: {url: \"jdbc:mysql://x/y\"}\n").contains("store.url must be an H2"));
    assertTrue(error(MINIMAL + "store: {url: \"jdbc:h2:mem:x\", pool: 0}\n").contains("store.pool must be a whole"));
    assertTrue(error(MINIMAL + "store: {url: \"jdbc:h2:mem:x\", schema: s}\n").contains("for PostgreSQL only"));
    assertTrue(error(MINIMAL + "store: {url: \"jdbc:postgresql://h/d\", schema: \"a;drop\"}\n").contains("lower-case SQL name"));
    assertTrue(error(MINIMAL + "redis: {url: \"127.0.0.1:6379\"}\n").contains("redis.url must be a redis://"));
    assertTrue(error(MINIMAL + "redis: {url: \"redis://h\", prefix: \"a b\"}\n").contains("redis.prefix must be"));
    assertTrue(error(MINIMAL + "finance: {reservation_ttl: 1s}\n").contains("at least 10s"));
    assertTrue(error(MINIMAL + "finance: {reservaton_ttl: 1m}\n").contains("did you mean finance.reservation_ttl"));
    assertTrue(error(MINIMAL + "budgets: [{scope: galaxy, subject: x, amount_usd: 1}]\n").contains("scope must be"));
    assertTrue(error(MINIMAL + "budgets: [{scope: team, amount_usd: 1}]\n").contains("subject is missing"));
    assertTrue(error(MINIMAL + "budgets: [{scope: team, subject: t, amount_usd: lots}]\n").contains("amount_usd must be"));
    assertTrue(error(MINIMAL + "budgets: [{scope: team, subject: t, amount_usd: -1}]\n").contains("more than 0"));
    assertTrue(error(MINIMAL + "budgets: [{scope: team, subject: t, amount_usd: 1, period: hourly}]\n")
        .contains("period must be daily, weekly, monthly or none"));
    assertTrue(error(MINIMAL + "budgets: [{scope: team, subject: t, amount_usd: 1, cap_percent: 0}]\n")
        .contains("cap_percent must be more than 0"));
    assertTrue(error(MINIMAL + "budgets: [{scope: team, subject: t, amount_usd: 1}, {scope: team, subject: t, amount_usd: 2}]\n")
        .contains("twice"));
    assertTrue(error(MINIMAL.replace("models: [m]}", "models: [m], limits: {requests_per_second: 5}}"))
        .contains("keys[k].limits.requests_per_second"));
    assertTrue(error(MINIMAL.replace("models: [m]}", "models: [m], limits: {requests_per_minute: 0}}"))
        .contains("keys[k].limits.requests_per_minute must be a whole number from 1"));
  }
}
