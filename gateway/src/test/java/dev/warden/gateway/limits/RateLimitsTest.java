package dev.warden.gateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.dsl.model.Enums;
import dev.warden.engine.eval.Decision;
import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.config.Finance;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.store.Redis;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The limiter on a clock the test moves, with its buckets in this process and in the local Redis
 * (under a prefix of this run's own, removed afterwards): exactly N per window, nothing refilled
 * before the window ends, everything at its end; tokens charged at admission and corrected after
 * the answer; the strictest of several limits on the same thing; the headers; Redis gone: 503,
 * or no limits when failing open.
 */
@Timeout(60)
class RateLimitsTest {
  static final String PREFIX = "warden-test:limits:" + ProcessHandle.current().pid() + ":" + System.nanoTime() + ":";
  static Redis redis;
  static final List<String> USED = new ArrayList<>();

  /** A clock that stands still until the test moves it, starting now (Redis keys expire in wall time). */
  static final class ManualClock implements TimeMeter {
    final AtomicLong nanos = new AtomicLong(System.currentTimeMillis() * 1_000_000L);

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }

    @Override
    public long currentTimeNanos() {
      return nanos.get();
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }
  }

  @BeforeAll
  static void connect() {
    redis = Redis.connect("redis://127.0.0.1:6379", PREFIX);
  }

  @AfterAll
  static void cleanUp() {
    List<String> keys = redis.strings().sync().keys(PREFIX + "*");
    if (!keys.isEmpty()) {
      redis.strings().sync().del(keys.toArray(String[]::new));
    }
    redis.close();
  }

  static Buckets buckets(String where, TimeMeter clock) {
    return switch (where) {
      case "process" -> Buckets.inProcess(clock);
      case "redis" -> Buckets.redis(redis, clock, Duration.ofSeconds(2));
      default -> throw new IllegalArgumentException(where);
    };
  }

  /** A subject of this test's own, so buckets in Redis never meet another test's. */
  static String subject(String name) {
    return name + "-" + System.nanoTime();
  }

  static RateRule rule(String subject, long amount, Enums.LimitUnit unit, Enums.Per per) {
    return new RateRule(Enums.Scope.TEAM, subject, amount, unit, per);
  }

  @ParameterizedTest
  @ValueSource(strings = {"process", "redis"})
  void nRequestsPerMinuteAdmitExactlyNInTheWindowAndNMoreInTheNext(String where) {
    ManualClock clock = new ManualClock();
    RateLimits limits = new RateLimits(buckets(where, clock), false);
    List<RateRule> rules = List.of(rule(subject("eng"), 5, Enums.LimitUnit.REQUESTS, Enums.Per.MINUTE));
    for (int i = 0; i < 5; i++) {
      Ticket t = limits.admit(rules, 10);
      assertEquals(Long.toString(4 - i), t.headers().get("x-ratelimit-remaining-requests"));
      assertEquals("5", t.headers().get("x-ratelimit-limit-requests"));
      clock.advance(Duration.ofSeconds(5));
    }
    ApiError e = assertThrows(ApiError.class, () -> limits.admit(rules, 10));
    assertEquals(429, e.status());
    assertEquals("rate_limit_exceeded", e.code());
    assertEquals("rate_limit_exceeded", e.type());
    // 25 s of the window have passed: the whole window refills in 35 s, nothing before
    assertEquals("35", e.retryAfter().orElseThrow());
    assertEquals("0", e.headers().get("x-ratelimit-remaining-requests"));
    assertEquals("35s", e.headers().get("x-ratelimit-reset-requests"));
    clock.advance(Duration.ofSeconds(34));
    assertThrows(ApiError.class, () -> limits.admit(rules, 10), "no token comes back before the window ends");
    clock.advance(Duration.ofSeconds(1));
    for (int i = 0; i < 5; i++) {
      limits.admit(rules, 10);
    }
    assertThrows(ApiError.class, () -> limits.admit(rules, 10));
  }

  @ParameterizedTest
  @ValueSource(strings = {"process", "redis"})
  void tokensChargedAtAdmissionAreGivenBackAfterAShortAnswer(String where) {
    ManualClock clock = new ManualClock();
    RateLimits limits = new RateLimits(buckets(where, clock), false);
    List<RateRule> rules = List.of(rule(subject("eng"), 1000, Enums.LimitUnit.TOKENS, Enums.Per.MINUTE));
    Ticket first = limits.admit(rules, RateLimits.estimate(20, 700, true));
    assertEquals("280", first.headers().get("x-ratelimit-remaining-tokens"));
    assertEquals("1000", first.headers().get("x-ratelimit-limit-tokens"));
    assertEquals("1m0s", first.headers().get("x-ratelimit-reset-tokens"));
    ApiError refused = assertThrows(ApiError.class, () -> limits.admit(rules, 720));
    assertEquals("280", refused.headers().get("x-ratelimit-remaining-tokens"));
    first.settle(30).join();
    first.settle(30).join(); // once only
    Ticket second = limits.admit(rules, 720);
    assertEquals(Long.toString(1000 - 30 - 720), second.headers().get("x-ratelimit-remaining-tokens"));
    // an answer longer than its charge takes the rest, even past zero
    second.settle(1100).join();
    assertThrows(ApiError.class, () -> limits.admit(rules, 1));
    clock.advance(Duration.ofMinutes(1));
    limits.admit(rules, 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"process", "redis"})
  void aFailedCallGivesItsTokensBackButStillCountsAsARequest(String where) {
    ManualClock clock = new ManualClock();
    RateLimits limits = new RateLimits(buckets(where, clock), false);
    String s = subject("eng");
    List<RateRule> rules = List.of(rule(s, 2, Enums.LimitUnit.REQUESTS, Enums.Per.HOUR),
        rule(s, 100, Enums.LimitUnit.TOKENS, Enums.Per.HOUR));
    limits.admit(rules, 100).release().join();
    Ticket t = limits.admit(rules, 100);
    assertEquals("0", t.headers().get("x-ratelimit-remaining-requests"));
    assertEquals("0", t.headers().get("x-ratelimit-remaining-tokens"));
    assertEquals("1h0m0s", t.headers().get("x-ratelimit-reset-requests"));
    ApiError e = assertThrows(ApiError.class, () -> limits.admit(rules, 1));
    assertEquals("3600", e.retryAfter().orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(strings = {"process", "redis"})
  void aRefusalByTheTokensLimitGivesTheRequestBack(String where) {
    ManualClock clock = new ManualClock();
    RateLimits limits = new RateLimits(buckets(where, clock), false);
    String s = subject("eng");
    List<RateRule> rules = List.of(rule(s, 3, Enums.LimitUnit.REQUESTS, Enums.Per.DAY),
        rule(s, 100, Enums.LimitUnit.TOKENS, Enums.Per.DAY));
    limits.admit(rules, 90);
    ApiError e = assertThrows(ApiError.class, () -> limits.admit(rules, 50));
    assertEquals("2", e.headers().get("x-ratelimit-remaining-requests"), "the refused request was given back");
    assertEquals("10", e.headers().get("x-ratelimit-remaining-tokens"));
    limits.admit(rules, 5);
    limits.admit(rules, 5);
    ApiError third = assertThrows(ApiError.class, () -> limits.admit(rules, 1));
    assertTrue(third.getMessage().contains("3 requests per day"), third.getMessage());
  }

  @Test
  void aRequestLargerThanTheWholeLimitIsRefusedWithoutTakingAnything() {
    RateLimits limits = new RateLimits(Buckets.inProcess(new ManualClock()), false);
    List<RateRule> rules = List.of(rule("eng", 1000, Enums.LimitUnit.TOKENS, Enums.Per.MINUTE));
    ApiError e = assertThrows(ApiError.class, () -> limits.admit(rules, 1001));
    assertEquals(429, e.status());
    assertTrue(e.getMessage().contains("lower max_tokens"), e.getMessage());
    assertEquals("999", limits.admit(rules, 1).headers().get("x-ratelimit-remaining-tokens"),
        "the refused request took nothing");
  }

  @ParameterizedTest
  @ValueSource(strings = {"process", "redis"})
  void aLimitTooLargeForBucket4jIsCappedNotAnError(String where) {
    RateLimits limits = new RateLimits(buckets(where, new ManualClock()), false);
    List<RateRule> rules = List.of(rule(subject("eng"), 1_000_000_000_000L, Enums.LimitUnit.REQUESTS,
        Enums.Per.MINUTE), rule(subject("eng"), Long.MAX_VALUE / 4, Enums.LimitUnit.TOKENS, Enums.Per.DAY));
    Ticket t = limits.admit(rules, 5000);
    assertEquals("1000000000000", t.headers().get("x-ratelimit-limit-requests"));
    t.settle(10).join();
  }

  @Test
  void theStrictestLimitOnTheSameThingApplies() {
    GatewayConfig.KeyConfig key = new GatewayConfig.KeyConfig("k1", "00", "alice", "eng", "acme", "app", "us", "test",
        List.of(), List.of(), List.of(new Finance.RateLimit(100, Enums.LimitUnit.REQUESTS, Enums.Per.MINUTE),
            new Finance.RateLimit(5000, Enums.LimitUnit.TOKENS, Enums.Per.DAY)));
    List<Decision.Limit> policy = List.of(
        new Decision.Limit(Enums.Scope.KEY, "k1", 10, Enums.LimitUnit.REQUESTS, Enums.Per.MINUTE, "p/tight"),
        new Decision.Limit(Enums.Scope.KEY, "k1", 50_000, Enums.LimitUnit.TOKENS, Enums.Per.DAY, "p/loose"),
        new Decision.Limit(Enums.Scope.TEAM, "eng", 600, Enums.LimitUnit.REQUESTS, Enums.Per.MINUTE, "p/team"));
    List<RateRule> rules = RateLimits.rules(key, policy);
    assertEquals(List.of(
        new RateRule(Enums.Scope.KEY, "k1", 10, Enums.LimitUnit.REQUESTS, Enums.Per.MINUTE),
        new RateRule(Enums.Scope.TEAM, "eng", 600, Enums.LimitUnit.REQUESTS, Enums.Per.MINUTE),
        new RateRule(Enums.Scope.KEY, "k1", 5000, Enums.LimitUnit.TOKENS, Enums.Per.DAY)), rules);
    assertEquals(List.of(), RateLimits.rules(new GatewayConfig.KeyConfig("k2", "00", "", "", "", "", "", "",
        List.of(), List.of()), List.of()));
  }

  @Test
  void aCallerWithoutAUserIsLimitedAsItsOwnKeyNotInABucketSharedWithEveryOtherSuch() {
    // model-routing's `limit user to 120 requests per minute` on keys made without a user (the
    // README's "shared" key, service keys) named one bucket, user//requests/minute/120, for all of them
    List<Decision.Limit> policy = List.of(
        new Decision.Limit(Enums.Scope.USER, "", 1, Enums.LimitUnit.REQUESTS, Enums.Per.MINUTE, "p/per-user"));
    GatewayConfig.KeyConfig a = new GatewayConfig.KeyConfig("svc-a", "00", "", "ops", "", "", "", "",
        List.of(), List.of());
    GatewayConfig.KeyConfig b = new GatewayConfig.KeyConfig("svc-b", "00", "", "ops", "", "", "", "",
        List.of(), List.of());
    assertEquals(List.of(new RateRule(Enums.Scope.KEY, "svc-a", 1, Enums.LimitUnit.REQUESTS, Enums.Per.MINUTE)),
        RateLimits.rules(a, policy));
    RateLimits limits = new RateLimits(Buckets.inProcess(new ManualClock()), false);
    limits.admit(RateLimits.rules(a, policy), 1);
    limits.admit(RateLimits.rules(b, policy), 1);
    assertThrows(ApiError.class, () -> limits.admit(RateLimits.rules(a, policy), 1));
  }

  @Test
  void theTokenEstimateIsThePromptPlusMaxTokensOrTheDocumentedDefault() {
    assertEquals(120, RateLimits.estimate(20, 100, true));
    assertEquals(20 + RateLimits.DEFAULT_OUTPUT_ESTIMATE, RateLimits.estimate(20, 0, true));
    assertEquals(20, RateLimits.estimate(20, 0, false), "embeddings answer no tokens");
    assertEquals(1, RateLimits.estimate(-5, 0, false), "never less than one token");
  }

  @Test
  void noRulesNoHeadersNoBuckets() {
    RateLimits limits = new RateLimits(rule -> {
      throw new AssertionError("no bucket is needed without rules");
    }, false);
    Ticket t = limits.admit(List.of(), 100);
    assertSame(Ticket.NONE, t);
    assertEquals(Map.of(), t.headers());
  }

  @Test
  void hostileSubjectsCannotReachAnotherBucket() {
    RateRule slash = rule("a/b", 1, Enums.LimitUnit.REQUESTS, Enums.Per.MINUTE);
    RateRule escaped = rule("a%2Fb", 1, Enums.LimitUnit.REQUESTS, Enums.Per.MINUTE);
    RateRule spoof = rule("a/requests/minute/1\r\nx", 1, Enums.LimitUnit.REQUESTS, Enums.Per.MINUTE);
    assertNotEquals(slash.bucketId(), escaped.bucketId());
    assertEquals("team/a%2Fb/requests/minute/1", slash.bucketId());
    assertEquals("team/a%252Fb/requests/minute/1", escaped.bucketId());
    assertEquals("team/a%2Frequests%2Fminute%2F1%0D%0Ax/requests/minute/1", spoof.bucketId());
    assertEquals("team/%C3%A9quipe/requests/minute/1".replace("%C3%A9", "\u00e9"),
        rule("\u00e9quipe", 1, Enums.LimitUnit.REQUESTS, Enums.Per.MINUTE).bucketId());
    assertThrows(IllegalArgumentException.class, () -> rule("x", 0, Enums.LimitUnit.REQUESTS, Enums.Per.MINUTE));
    RateLimits limits = new RateLimits(Buckets.inProcess(new ManualClock()), false);
    limits.admit(List.of(slash), 1);
    limits.admit(List.of(escaped), 1);
    limits.admit(List.of(spoof), 1);
  }

  @Test
  void resetDurationsAreWrittenAsOpenAiDoes() {
    assertEquals("0s", Ticket.duration(0));
    assertEquals("1ms", Ticket.duration(1));
    assertEquals("250ms", Ticket.duration(250_000_000L));
    assertEquals("1s", Ticket.duration(1_000_000_000L));
    assertEquals("2s", Ticket.duration(1_000_000_001L));
    assertEquals("1m0s", Ticket.duration(60_000_000_000L));
    assertEquals("6m40s", Ticket.duration(400_000_000_000L));
    assertEquals("24h0m0s", Ticket.duration(Duration.ofDays(1).toNanos()));
  }

  @Test
  void redisGoneRefusesWith503OrAdmitsUnlimitedWhenFailingOpen() {
    ManualClock clock = new ManualClock();
    List<RateRule> rules = List.of(rule(subject("eng"), 5, Enums.LimitUnit.REQUESTS, Enums.Per.MINUTE));
    Redis gone = Redis.connect("redis://127.0.0.1:6379", PREFIX);
    Buckets buckets = Buckets.redis(gone, clock, Duration.ofSeconds(1));
    RateLimits closed = new RateLimits(buckets, false);
    RateLimits open = new RateLimits(buckets, true);
    closed.admit(rules, 1);
    gone.close();
    ApiError e = assertThrows(ApiError.class, () -> closed.admit(rules, 1));
    assertEquals(503, e.status());
    assertEquals("unavailable", e.code());
    assertSame(Ticket.NONE, open.admit(rules, 1));
  }
}
