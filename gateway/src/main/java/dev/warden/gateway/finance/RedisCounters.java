package dev.warden.gateway.finance;

import dev.warden.gateway.store.Redis;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Budget counters in Redis, shared by every replica: one hash per budget period
 * ({@code <prefix>budget:<scope>:<subject>:<period start>} with {@code spent} and
 * {@code reserved}), checked and changed by Lua scripts so a reservation over several budgets
 * is atomic across replicas. A hash Redis lost (restart, eviction) is rebuilt from SQL: the
 * script says which are missing, they are loaded and set if still absent, and it runs again.
 * Hashes expire a week after their last use; an expired one is rebuilt the same way.
 */
public final class RedisCounters implements Counters {
  static final long TTL_SECONDS = 7 * 24 * 3600;
  /**
   * KEYS: the hashes; ARGV: amount, ttl, each hash's cap (-1: none), then {@code hold} or
   * {@code free}: whether a refusal adds the amount too. {@code hold} is for a reservation whose
   * row is written while this travels ({@link #reserveAhead}): the amount is given back once the
   * row is deleted, so a row a crash leaves always has its amount in the counters, and the sweep
   * that settles it takes back what was added.
   */
  private static final String RESERVE = """
      local missing = {}
      for i, k in ipairs(KEYS) do
        if redis.call('EXISTS', k) == 0 then table.insert(missing, tostring(i)) end
      end
      if #missing > 0 then
        table.insert(missing, 1, 'missing')
        return missing
      end
      local amount = tonumber(ARGV[1])
      local hold = ARGV[3 + #KEYS] == 'hold'
      local refused = nil
      for i, k in ipairs(KEYS) do
        local cap = tonumber(ARGV[2 + i])
        if cap >= 0 and not refused then
          local v = redis.call('HMGET', k, 'spent', 'reserved')
          if tonumber(v[1]) + tonumber(v[2]) + amount > cap then refused = i end
        end
      end
      if refused and not hold then return {'refused', tostring(refused)} end
      for i, k in ipairs(KEYS) do
        redis.call('HINCRBY', k, 'reserved', ARGV[1])
        redis.call('EXPIRE', k, ARGV[2])
      end
      if refused then return {'refused', tostring(refused)} end
      return {'ok'}
      """;
  /** KEYS: n reserved hashes, then n current hashes; ARGV: minus the estimate, cost, n. Missing hashes are left to be rebuilt. */
  private static final String SETTLE = """
      local n = tonumber(ARGV[3])
      for i = 1, n do
        if redis.call('EXISTS', KEYS[i]) == 1 then
          local r = redis.call('HINCRBY', KEYS[i], 'reserved', ARGV[1])
          if r < 0 then redis.call('HSET', KEYS[i], 'reserved', 0) end
        end
        if redis.call('EXISTS', KEYS[n + i]) == 1 then
          redis.call('HINCRBY', KEYS[n + i], 'spent', tonumber(ARGV[2]))
        end
      end
      return {'ok'}
      """;
  /** KEYS: the hashes; ARGV: ttl, then spent and reserved for each. Sets those still absent. */
  private static final String INIT = """
      for i, k in ipairs(KEYS) do
        if redis.call('EXISTS', k) == 0 then
          redis.call('HSET', k, 'spent', ARGV[2 * i], 'reserved', ARGV[2 * i + 1])
          redis.call('EXPIRE', k, ARGV[1])
        end
      end
      return {'ok'}
      """;
  /** KEYS: the hashes. The spent of each, or 'missing'. */
  private static final String SPENT = """
      local out = {}
      for i, k in ipairs(KEYS) do
        local s = redis.call('HGET', k, 'spent')
        if s then out[i] = s else out[i] = 'missing' end
      end
      return out
      """;

  private final Redis redis;
  private final Source source;
  private final String reserveSha;
  private final String settleSha;
  private final String initSha;
  private final String spentSha;

  public RedisCounters(Redis redis, Source source) {
    this.redis = redis;
    this.source = source;
    RedisCommands<String, String> r = redis.strings().sync();
    this.reserveSha = r.scriptLoad(RESERVE);
    this.settleSha = r.scriptLoad(SETTLE);
    this.initSha = r.scriptLoad(INIT);
    this.spentSha = r.scriptLoad(SPENT);
  }

  @Override
  public int reserve(List<Hold> holds, long amount) {
    String[] keys = keys(holds);
    String[] args = reserveArgs(holds, amount, false);
    for (int attempt = 0; attempt < 3; attempt++) {
      List<String> out = run(RESERVE, reserveSha, keys, args);
      switch (out.getFirst()) {
        case "ok" -> {
          return -1;
        }
        case "refused" -> {
          return Integer.parseInt(out.get(1)) - 1;
        }
        default -> rebuild(holds, out.subList(1, out.size()));
      }
    }
    throw new IllegalStateException("the budget counters in Redis vanish as soon as they are rebuilt");
  }

  @Override
  public boolean remote() {
    return true;
  }

  /**
   * Sent on the string connection before this returns. Redis forgetting the script (restarted)
   * is answered by sending it whole: the refused EVALSHA did nothing.
   */
  @Override
  public CompletableFuture<Integer> reserveAhead(List<Hold> holds, long amount) {
    String[] keys = keys(holds);
    String[] args = reserveArgs(holds, amount, true);
    try {
      var async = redis.strings().async();
      return async.<List<String>>evalsha(reserveSha, ScriptOutputType.MULTI, keys, args).toCompletableFuture()
          .exceptionallyCompose(e -> unwrap(e) instanceof RedisNoScriptException
              ? async.<List<String>>eval(RESERVE, ScriptOutputType.MULTI, keys, args).toCompletableFuture()
              : CompletableFuture.failedFuture(e))
          .thenApply(out -> switch (out.getFirst()) {
            case "ok" -> -1;
            case "refused" -> Integer.parseInt(out.get(1)) - 1;
            default -> throw new MissingCounters();
          });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  /** ARGV of {@link #RESERVE}; {@code hold}: a refusal adds the amount too. */
  private static String[] reserveArgs(List<Hold> holds, long amount, boolean hold) {
    String[] args = new String[3 + holds.size()];
    args[2 + holds.size()] = hold ? "hold" : "free";
    args[0] = Long.toString(amount);
    args[1] = Long.toString(TTL_SECONDS);
    for (int i = 0; i < holds.size(); i++) {
      args[2 + i] = Long.toString(holds.get(i).capNanos());
    }
    return args;
  }

  @Override
  public void settle(List<Hold> reserved, long estimate, List<Hold> current, long cost) {
    run(SETTLE, settleSha, settleKeys(reserved, current), Long.toString(-estimate), Long.toString(cost),
        Integer.toString(reserved.size()));
  }

  private String[] settleKeys(List<Hold> reserved, List<Hold> current) {
    String[] keys = new String[reserved.size() * 2];
    for (int i = 0; i < reserved.size(); i++) {
      keys[i] = key(reserved.get(i));
      keys[reserved.size() + i] = key(current.get(i));
    }
    return keys;
  }

  /**
   * Sent on the one string connection, as {@link #settleInOrder} is, so Redis applies them in
   * the order they were sent. Fails when a counter is missing (to be rebuilt) or Redis forgot the
   * script (restarted): {@link #spent} handles both.
   */
  @Override
  public CompletableFuture<long[]> spentInOrder(List<Hold> holds) {
    try {
      return redis.strings().async().<List<String>>evalsha(spentSha, ScriptOutputType.MULTI, keys(holds), new String[0])
          .toCompletableFuture().thenApply(out -> {
            long[] spent = new long[holds.size()];
            for (int i = 0; i < spent.length; i++) {
              if (out.get(i).equals("missing")) {
                throw new IllegalStateException("a budget counter is missing in Redis");
              }
              spent[i] = Long.parseLong(out.get(i));
            }
            return spent;
          });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Sent on the one string connection with EVAL (never refused as an unknown script, so a
   * settlement is never sent again later, out of order, after Redis restarted).
   */
  @Override
  public CompletableFuture<Void> settleInOrder(List<Hold> reserved, long estimate, List<Hold> current, long cost) {
    try {
      return redis.strings().async().<List<String>>eval(SETTLE, ScriptOutputType.MULTI, settleKeys(reserved, current),
          Long.toString(-estimate), Long.toString(cost), Integer.toString(reserved.size()))
          .toCompletableFuture().thenApply(out -> null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public long[] spent(List<Hold> holds) {
    String[] keys = keys(holds);
    for (int attempt = 0; attempt < 3; attempt++) {
      List<String> out = run(SPENT, spentSha, keys);
      List<String> missing = new java.util.ArrayList<>();
      long[] spent = new long[holds.size()];
      for (int i = 0; i < spent.length; i++) {
        if (out.get(i).equals("missing")) {
          missing.add(Integer.toString(i + 1));
        } else {
          spent[i] = Long.parseLong(out.get(i));
        }
      }
      if (missing.isEmpty()) {
        return spent;
      }
      rebuild(holds, missing);
    }
    throw new IllegalStateException("the budget counters in Redis vanish as soon as they are rebuilt");
  }

  /** Loads the missing counters (1-based indexes) from SQL and sets those still absent. */
  private void rebuild(List<Hold> holds, List<String> missing) {
    String[] keys = new String[missing.size()];
    String[] args = new String[1 + 2 * missing.size()];
    args[0] = Long.toString(TTL_SECONDS);
    for (int j = 0; j < missing.size(); j++) {
      Hold h = holds.get(Integer.parseInt(missing.get(j)) - 1);
      long[] v = source.load(h);
      keys[j] = key(h);
      args[1 + 2 * j] = Long.toString(v[0]);
      args[2 + 2 * j] = Long.toString(v[1]);
    }
    run(INIT, initSha, keys, args);
  }

  private List<String> run(String script, String sha, String[] keys, String... args) {
    RedisCommands<String, String> r = redis.strings().sync();
    try {
      return r.evalsha(sha, ScriptOutputType.MULTI, keys, args);
    } catch (RedisNoScriptException e) {
      // Redis restarted and forgot the script
      return r.eval(script, ScriptOutputType.MULTI, keys, args);
    }
  }

  private String[] keys(List<Hold> holds) {
    String[] keys = new String[holds.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = key(holds.get(i));
    }
    return keys;
  }

  private String key(Hold h) {
    return redis.prefix() + "budget:" + h.counter();
  }
}
