package dev.warden.gateway.providers;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.http1.Http1ClientResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * An upstream's answer whose status and headers are read, its body not yet; close it. Only the
 * answer is closed, never Helidon's entity stream, which would first read on: an answer left
 * unread closes its connection instead. An answer read to its end returns its connection to its
 * pool.
 */
final class UpstreamAnswer implements AutoCloseable {
  /** How long the end of a stream's body may take after its last event, for its connection to be kept. */
  static final Duration LINGER = Duration.ofMillis(50);

  private final Http1ClientResponse response;
  private final ConnectionPool.Pooled connection;
  private Body stream;

  UpstreamAnswer(Http1ClientResponse response, ConnectionPool.Pooled connection) {
    this.response = response;
    this.connection = connection;
  }

  int status() {
    return response.status().code();
  }

  /**
   * How long the upstream asked to be left alone ({@code retry-after-ms}, which OpenAI sends, or
   * {@code Retry-After} in seconds or as an HTTP date); empty when it did not say or said
   * something that is not a time.
   */
  java.util.Optional<Duration> retryAfter() {
    var headers = response.headers();
    return RetryAfter.parse(headers.first(io.helidon.http.HeaderNames.create("retry-after-ms")).orElse(null),
        headers.first(io.helidon.http.HeaderNames.RETRY_AFTER).orElse(null), java.time.Instant.now());
  }

  /**
   * At most {@code max + 1} bytes of the body, read within {@code timeout} in all (each read also
   * within it), and the answer closed. A broken or stalled body is an exception.
   */
  byte[] body(int max, Duration timeout, String provider) throws UpstreamException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      InputStream in = stream();
      byte[] buffer = new byte[initialSize(max)];
      int n = 0;
      while (n <= max) {
        if (n == buffer.length) {
          // as long as the upstream said it would be: usually the end
          int b = in.read();
          if (b < 0) {
            break;
          }
          buffer = Arrays.copyOf(buffer, (int) Math.min(max + 1L, 2L * buffer.length));
          buffer[n++] = (byte) b;
          continue;
        }
        int r = in.read(buffer, n, buffer.length - n);
        if (r < 0) {
          break;
        }
        n += r;
        if (System.nanoTime() - deadline > 0 && n <= max) {
          throw UpstreamException.timedOut(provider + " took longer than " + timeout.toMillis()
              + " ms to send its answer");
        }
      }
      return n == buffer.length ? buffer : Arrays.copyOf(buffer, n);
    } catch (IOException | RuntimeException e) {
      throw readFailure(e, provider, "stopped sending its answer for " + timeout.toMillis() + " ms",
          "answer broke off");
    } finally {
      close();
    }
  }

  /** The body as a stream, for server-sent events; {@link #finishStream} after the last one. */
  InputStream stream() {
    if (stream == null) {
      stream = new Body(response);
    }
    return stream;
  }

  /**
   * After a stream's last event: what is left of the body (the end of the chunked encoding,
   * usually here already) is read for a moment, so that the connection can be used again, and
   * the answer is closed. An upstream that sends more, or nothing, loses the connection.
   */
  void finishStream() {
    Body in = (Body) stream();
    try {
      if (!in.ended) {
        // not read to its end, so Helidon has not returned the connection: it is still this answer's
        connection.connection.readTimeout(LINGER);
        byte[] rest = new byte[512];
        int total = 0;
        while (!in.ended && total <= rest.length) {
          total += Math.max(0, in.read(rest));
        }
        if (!in.ended) {
          connection.reusable = false;
        }
      }
    } catch (IOException | RuntimeException e) {
      connection.reusable = false;
    } finally {
      response.close();
    }
  }

  @Override
  public void close() {
    response.close();
  }

  /** A stream or body read that failed: timed out, or broken. */
  static UpstreamException readFailure(Exception e, String provider, String timedOut, String broke) {
    Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
    if (cause instanceof SocketTimeoutException) {
      return UpstreamException.timedOut(provider + " " + timedOut);
    }
    if (cause instanceof IOException io) {
      return UpstreamException.network(provider, broke, io);
    }
    if (e instanceof DataReader.InsufficientDataAvailableException) {
      return UpstreamException.network(provider + " " + broke + ": the connection was closed or reset");
    }
    // a malformed chunk or line: the answer is not well-formed HTTP
    return UpstreamException.ofStatus(502, provider + " " + broke + ": its answer is not well-formed HTTP");
  }

  /** Whether the body ends with the connection (no length, not chunked), which then cannot be used again. */
  static boolean endsWithConnection(Http1ClientResponse res) {
    return res.headers().contentLength().isEmpty()
        && !res.headers().containsToken(HeaderValues.TRANSFER_ENCODING_CHUNKED);
  }

  /** The declared length (then the body is read into it without a copy), else 8 KB to start with. */
  private int initialSize(int max) {
    long declared = response.headers().contentLength().orElse(-1);
    return (int) Math.max(1, Math.min(max + 1L, declared >= 0 ? declared : 8192));
  }

  /**
   * The body. One that ends with its connection ends there, as HTTP/1.1 allows, where Helidon
   * reports missing data. It knows whether it was read to its end (then Helidon has returned the
   * connection).
   */
  private static final class Body extends FilterInputStream {
    private final boolean endsWithConnection;
    boolean ended;

    Body(Http1ClientResponse res) {
      super(res.inputStream());
      this.endsWithConnection = UpstreamAnswer.endsWithConnection(res);
    }

    @Override
    public int read() throws IOException {
      try {
        int b = super.read();
        ended |= b < 0;
        return b;
      } catch (DataReader.InsufficientDataAvailableException e) {
        return end(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int r = super.read(b, off, len);
        ended |= r < 0;
        return r;
      } catch (DataReader.InsufficientDataAvailableException e) {
        return end(e);
      }
    }

    private int end(DataReader.InsufficientDataAvailableException e) {
      if (!endsWithConnection) {
        throw e;
      }
      ended = true;
      return -1;
    }

    @Override
    public void close() {
      // the answer is closed instead
    }
  }
}
