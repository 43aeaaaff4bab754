package dev.warden.gateway.providers;

import io.helidon.common.buffers.DataReader;
import io.helidon.common.tls.Tls;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.ConnectionKey;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.RuntimeUnknownHostException;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientProtocolConfig;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * HTTP/1.1 to upstreams, with Helidon's WebClient: the request is written and the answer read on
 * the caller's own virtual thread. (The JDK's HttpClient read every answer on its selector thread
 * and handed it over: about a fifth of the gateway's CPU and a thread hand-off per call.)
 * Connections are kept alive in a {@link ConnectionPool} per host and port; one the upstream
 * closed while it idled shows when it is used (reset, or closed before a byte of the answer), and
 * the request is then sent once more on a new connection, as HTTP clients do. Failures become
 * {@link UpstreamException}s that say what happened without internals.
 *
 * <p>Timeouts: the provider's timeout bounds every wait for the upstream's next bytes (a socket
 * read timeout), so an upstream that accepts a request and never answers, or stalls halfway
 * through an answer or a stream, is cut once it has been silent that long; a non-streamed answer
 * that keeps trickling in is cut once it has taken longer than the timeout in all. Connecting has
 * its own timeout.
 */
final class UpstreamHttp {
  private static final Tls NO_TLS = Tls.builder().enabled(false).build();

  private final WebClient web;
  private final Http1Client client;
  private final Duration connectTimeout;
  private final Map<String, ConnectionPool> pools = new ConcurrentHashMap<>();

  private UpstreamHttp(WebClient web, Duration connectTimeout) {
    this.web = web;
    // request headers are checked once, in Target; answers' headers on every call
    this.client = web.client(Http1Client.PROTOCOL, Http1ClientProtocolConfig.builder()
        .validateRequestHeaders(false).validateResponseHeaders(true).build());
    this.connectTimeout = connectTimeout;
  }

  static UpstreamHttp create(Duration connectTimeout) {
    return new UpstreamHttp(WebClient.builder()
        // requests are written whole; small writes must not wait for the upstream's acknowledgement
        .socketOptions(o -> o.tcpNoDelay(true))
        .connectTimeout(connectTimeout)
        .followRedirects(false)
        // connections go straight to the upstream (ConnectionKey below); without this each request
        // also asked the JDK's proxy selector (a URI parsed and the selector run per call) and
        // sent a Proxy-Connection header meant for proxies
        .proxy(Proxy.noProxy())
        .shareConnectionCache(false)
        .servicesDiscoverServices(false)
        .sendExpectContinue(false)
        .build(), connectTimeout);
  }

  /**
   * Where a provider's requests go and the headers they carry, parsed and checked once. A base
   * URL or a configured header that cannot be used fails each call that would use it, with a
   * message that says which (as the gateway did before it checked them here).
   */
  final class Target {
    private final URI uri;
    private final ConnectionPool pool;
    private final List<Header> headers;
    private final String problem;

    private Target(String url, Map<String, String> fixed, Map<String, String> configured, List<X509Certificate> trust) {
      URI u = null;
      ConnectionPool p = null;
      List<Header> h = List.of();
      String why = null;
      try {
        u = parse(url);
        p = pool(u, trust);
        h = headers(fixed, configured);
      } catch (IllegalArgumentException e) {
        why = e.getMessage();
      }
      this.uri = u;
      this.pool = p;
      this.headers = h;
      this.problem = why;
    }
  }

  /** {@code fixed} headers, then the {@code configured} ones, which replace ours of the same name. */
  Target target(String url, Map<String, String> fixed, Map<String, String> configured) {
    return new Target(url, fixed, configured, List.of());
  }

  /**
   * As {@link #target(String, Map, Map)}, and an https upstream's certificate chain must lead to
   * one of {@code trust} (empty: to an authority the JDK trusts).
   */
  Target target(String url, Map<String, String> fixed, Map<String, String> configured, List<X509Certificate> trust) {
    return new Target(url, fixed, configured, trust);
  }

  /**
   * Posts {@code body} and returns the answer with its status and headers read, its body not
   * yet; the caller closes it. No answer at all is an exception.
   */
  UpstreamAnswer post(Target to, byte[] body, Duration timeout, String provider) throws UpstreamException {
    if (to.problem != null) {
      throw new UpstreamException(0, false, false, provider + " cannot be called: " + to.problem);
    }
    ConnectionPool.Pooled reused = to.pool.take();
    if (reused != null) {
      try {
        return send(to, reused, body, timeout);
      } catch (RuntimeException e) {
        reused.connection.closeResource();
        if (!closedWhileIdle(e)) {
          throw failure(e, provider, timeout);
        }
        // the upstream closed it while it idled: once more, on a new connection
      }
    }
    ConnectionPool.Pooled fresh = connect(to, provider);
    try {
      return send(to, fresh, body, timeout);
    } catch (RuntimeException e) {
      fresh.connection.closeResource();
      throw failure(e, provider, timeout);
    }
  }

  private UpstreamAnswer send(Target to, ConnectionPool.Pooled c, byte[] body, Duration timeout) {
    Http1ClientRequest request = client.post().uri(to.uri).connection(c.connection).readTimeout(timeout);
    for (Header h : to.headers) {
      request.header(h);
    }
    Http1ClientResponse res = request.submit(body);
    if (UpstreamAnswer.endsWithConnection(res)) {
      c.reusable = false;
    }
    return new UpstreamAnswer(res, c);
  }

  private ConnectionPool.Pooled connect(Target to, String provider) throws UpstreamException {
    try {
      return to.pool.connect();
    } catch (RuntimeException e) {
      throw connectFailure(e, provider);
    }
  }

  private UpstreamException connectFailure(RuntimeException e, String provider) {
    if (tls(e)) {
      return tlsFailure(provider);
    }
    if (e instanceof UncheckedIOException u) {
      if (u.getCause() instanceof SocketTimeoutException) {
        return UpstreamException.timedOut(provider + " could not be connected to in " + connectTimeout.toMillis() + " ms");
      }
      if (u.getCause() instanceof ConnectException) {
        return UpstreamException.network(provider + " refused the connection");
      }
      return UpstreamException.network(provider, "could not be connected to", u.getCause());
    }
    if (e instanceof RuntimeUnknownHostException) {
      return UpstreamException.network(provider + "'s host name could not be resolved");
    }
    return UpstreamException.network(provider + " could not be connected to");
  }

  /** Whether a failure is the TLS handshake's (an untrusted or wrong-host certificate, no common protocol). */
  private static boolean tls(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return true;
      }
    }
    return false;
  }

  /**
   * A TLS handshake that failed: a setting to fix, not a network blip, so not retried on this
   * upstream (the next candidate model may still serve).
   */
  private static UpstreamException tlsFailure(String provider) {
    return new UpstreamException(0, false, false, "the TLS handshake with " + provider + " failed: its certificate"
        + " is not trusted or does not name its host (providers." + provider + ".ca_file sets the authorities to trust)");
  }

  /** A failure that means the upstream had closed a kept-alive connection before the request came. */
  private static boolean closedWhileIdle(RuntimeException e) {
    // closed, reset, broken pipe; a timeout is no SocketException: an upstream that is slow is not tried twice
    return e instanceof DataReader.InsufficientDataAvailableException
        || e instanceof UncheckedIOException u && u.getCause() instanceof SocketException;
  }

  /** What went wrong before the answer's head was read. */
  private static UpstreamException failure(RuntimeException e, String provider, Duration timeout) {
    if (tls(e)) {
      return tlsFailure(provider);
    }
    if (e instanceof UncheckedIOException u) {
      if (u.getCause() instanceof SocketTimeoutException) {
        return UpstreamException.timedOut(provider + " did not answer in " + timeout.toMillis() + " ms");
      }
      return UpstreamException.network(provider, "connection failed", u.getCause());
    }
    if (e instanceof DataReader.InsufficientDataAvailableException) {
      return UpstreamException.network(provider + " closed the connection without answering");
    }
    // a status line or headers that are not HTTP/1.1
    return UpstreamException.ofStatus(502, provider + " answered with something that is not HTTP");
  }

  private static URI parse(String url) {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the base URL is not a URL: " + e.getMessage());
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
      throw new IllegalArgumentException("the base URL is not an http(s) URL with a host: " + url);
    }
    return u;
  }

  /** The pool of connections to {@code u}'s host and port with this trust (providers with other trust do not share it). */
  private ConnectionPool pool(URI u, List<X509Certificate> trust) {
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
    boolean https = scheme.equals("https");
    String key = scheme + "://" + u.getHost() + ":" + port + (https && !trust.isEmpty() ? "#" + trust.hashCode() : "");
    return pools.computeIfAbsent(key, any -> new ConnectionPool(web,
        ConnectionKey.create(scheme, u.getHost(), port, !https ? NO_TLS : trust.isEmpty() ? web.prototype().tls()
            : Tls.builder().trust(trust).build(),
            web.prototype().dnsResolver(), web.prototype().dnsAddressLookup(), Proxy.noProxy())));
  }

  private static List<Header> headers(Map<String, String> fixed, Map<String, String> configured) {
    Map<String, Header> byName = new LinkedHashMap<>();
    fixed.forEach((k, v) -> byName.put(k.toLowerCase(Locale.ROOT), HeaderValues.create(HeaderNames.create(k), v)));
    configured.forEach((k, v) -> byName.put(k.toLowerCase(Locale.ROOT), HeaderValues.create(HeaderNames.create(k), v)));
    for (Header h : byName.values()) {
      try {
        h.validate();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the header " + h.name() + " is not a valid HTTP header (" + e.getMessage()
            + ")");
      }
    }
    return List.copyOf(byName.values());
  }
}
