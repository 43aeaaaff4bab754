package dev.warden.gateway.providers;

import io.helidon.webclient.api.ConnectionKey;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.http1.Http1Client;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * Kept-alive connections to one upstream host and port, most recently used first, closed when
 * idle for {@link #MAX_IDLE}. They are kept here rather than in Helidon's connection cache, which
 * watches every idle connection with a virtual thread of its own (started each time a connection
 * is returned, polling the socket every 101 ms) and passes the first byte of the next answer over
 * from it: a thread and a hand-off per call. A connection the upstream closed while it idled is
 * found out when it is used ({@link UpstreamHttp} then sends the request once more on a new one).
 */
final class ConnectionPool {
  /** How long an idle connection is kept for reuse. */
  static final Duration MAX_IDLE = Duration.ofSeconds(20);
  /** Idle connections kept; more are closed when returned. */
  static final int MAX_IDLE_CONNECTIONS = 256;
  private static final List<String> HTTP_1_1 = List.of(Http1Client.PROTOCOL_ID);

  private final WebClient web;
  private final ConnectionKey key;
  private final BlockingDeque<Pooled> idle = new LinkedBlockingDeque<>(MAX_IDLE_CONNECTIONS);

  ConnectionPool(WebClient web, ConnectionKey key) {
    this.web = web;
    this.key = key;
  }

  /** A connection of the pool, and whether it may be used again when its answer was read. */
  final class Pooled {
    final TcpClientConnection connection;
    /** False once its answer ends with the connection, or was left unread. */
    volatile boolean reusable = true;
    private long idleSince;

    private Pooled() {
      // Helidon calls release when an answer was read to its end; false makes it close the connection
      this.connection = TcpClientConnection.create(web, key, HTTP_1_1, c -> release(this), c -> { });
    }
  }

  /** The most recently used idle connection, or null. */
  Pooled take() {
    long now = System.nanoTime();
    Pooled c;
    while ((c = idle.pollFirst()) != null) {
      if (now - c.idleSince < MAX_IDLE.toNanos() && c.connection.isConnected()) {
        return c;
      }
      c.connection.closeResource();
    }
    return null;
  }

  /** A new connection, connected (Helidon's exceptions when it cannot be). */
  Pooled connect() {
    Pooled c = new Pooled();
    c.connection.connect();
    return c;
  }

  private boolean release(Pooled c) {
    if (!c.reusable || !c.connection.isConnected()) {
      return false;
    }
    long now = System.nanoTime();
    c.idleSince = now;
    // the least recently used one, if it idled too long, goes now rather than at the next take
    Pooled oldest = idle.peekLast();
    if (oldest != null && now - oldest.idleSince >= MAX_IDLE.toNanos() && idle.removeLastOccurrence(oldest)) {
      oldest.connection.closeResource();
    }
    return idle.offerFirst(c);
  }
}
