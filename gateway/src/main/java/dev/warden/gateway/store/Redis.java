package dev.warden.gateway.store;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;

/**
 * The Redis that replicas share for their counters (rate limits, budget reservations), through
 * Lettuce: one client, one thread-safe string connection for scripts and commands, and a byte
 * connection for libraries that store binary state (Bucket4j). Keys are prefixed with
 * {@link #prefix()} so several deployments (and test runs) can share one Redis.
 */
public final class Redis implements AutoCloseable {
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> strings;
  private final StatefulRedisConnection<byte[], byte[]> bytes;
  private final String prefix;
  private final String shown;

  private Redis(RedisClient client, StatefulRedisConnection<String, String> strings,
      StatefulRedisConnection<byte[], byte[]> bytes, String prefix, String shown) {
    this.client = client;
    this.strings = strings;
    this.bytes = bytes;
    this.prefix = prefix;
    this.shown = shown;
  }

  /**
   * Connects to {@code uri} (redis:// or rediss://).
   *
   * @param prefix put before every key, e.g. {@code warden:}
   * @throws StoreException when it cannot be reached; the message names the URI without its password
   */
  public static Redis connect(String uri, String prefix) {
    String shown = uri.replaceAll("//[^@/]*@", "//***@");
    RedisClient client;
    try {
      RedisURI u = RedisURI.create(uri);
      u.setTimeout(Duration.ofSeconds(2));
      client = RedisClient.create(u);
    } catch (RuntimeException e) {
      throw new StoreException("redis.url " + shown + " is not a Redis URI: " + e.getMessage(), e);
    }
    try {
      StatefulRedisConnection<String, String> s = client.connect(StringCodec.UTF8);
      StatefulRedisConnection<byte[], byte[]> b = client.connect(ByteArrayCodec.INSTANCE);
      return new Redis(client, s, b, prefix, shown);
    } catch (RedisException e) {
      client.shutdown();
      throw new StoreException("cannot connect to Redis at " + shown + ": " + e.getMessage(), e);
    }
  }

  public StatefulRedisConnection<String, String> strings() {
    return strings;
  }

  public StatefulRedisConnection<byte[], byte[]> bytes() {
    return bytes;
  }

  public String prefix() {
    return prefix;
  }

  /** Whether Redis answers PING (readiness). */
  public boolean reachable() {
    try {
      return "PONG".equals(strings.sync().ping());
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return shown;
  }

  @Override
  public void close() {
    strings.close();
    bytes.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
