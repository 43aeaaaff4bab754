package dev.warden.gateway.providers;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** Sending a request to an upstream, with its failures as {@link UpstreamException}s callers can read. */
final class UpstreamHttp {
  private UpstreamHttp() {}

  /** The response (any status), its body as a stream; no response at all is an exception. */
  static HttpResponse<InputStream> send(HttpClient http, HttpRequest request, String provider, Duration timeout)
      throws UpstreamException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw UpstreamException.timedOut(provider + " did not answer in " + timeout.toMillis() + " ms");
    } catch (ConnectException e) {
      throw UpstreamException.network(provider + " refused the connection");
    } catch (IOException e) {
      throw UpstreamException.network(provider, "connection failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw UpstreamException.network(provider + " call was interrupted");
    }
  }

  /**
   * At most {@code max + 1} bytes of the body, within {@code timeout}: the client's timeout
   * ends when the headers arrive, so a body that stalls is cut here.
   */
  static byte[] body(HttpResponse<InputStream> res, int max, Duration timeout, String provider)
      throws IOException, UpstreamException {
    IdleWatch watch = new IdleWatch(res.body(), timeout);
    try (watch; InputStream in = res.body()) {
      return in.readNBytes(max + 1);
    } catch (IOException e) {
      if (watch.fired()) {
        throw UpstreamException.timedOut(provider + " stopped sending its answer for " + timeout.toMillis() + " ms");
      }
      throw e;
    }
  }
}
