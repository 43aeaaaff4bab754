package dev.warden.gateway.providers;

/**
 * An upstream call failed: its HTTP status (0 when no response came: refused, reset, timed
 * out), whether trying again may help (429, 5xx, network), and a message for the caller that
 * never includes credentials.
 */
public final class UpstreamException extends Exception {
  private final int status;
  private final boolean retryable;
  private final boolean timeout;
  private final java.util.Optional<java.time.Duration> retryAfter;

  public UpstreamException(int status, boolean retryable, boolean timeout, String message) {
    this(status, retryable, timeout, message, java.util.Optional.empty());
  }

  private UpstreamException(int status, boolean retryable, boolean timeout, String message,
      java.util.Optional<java.time.Duration> retryAfter) {
    super(message, null, false, false);
    this.status = status;
    this.retryable = retryable;
    this.timeout = timeout;
    this.retryAfter = retryAfter;
  }

  /** An HTTP error status, with how long the upstream asked callers to wait (its Retry-After), if it said. */
  public static UpstreamException ofStatus(int status, String message, java.util.Optional<java.time.Duration> retryAfter) {
    return new UpstreamException(status, status == 429 || status >= 500, false, message, retryAfter);
  }

  /** The upstream's Retry-After, when it sent one with this error. */
  public java.util.Optional<java.time.Duration> retryAfter() {
    return retryAfter;
  }

  public static UpstreamException ofStatus(int status, String message) {
    return new UpstreamException(status, status == 429 || status >= 500, false, message);
  }

  public static UpstreamException network(String message) {
    return new UpstreamException(0, true, false, message);
  }

  /**
   * A network failure described in words a caller can act on; the exception's class and
   * message (which may carry host names or internals) stay out of it.
   */
  public static UpstreamException network(String provider, String what, java.io.IOException e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    String why = e instanceof java.io.EOFException || m.contains("reset") || m.contains("closed")
        || m.contains("eof") || m.contains("broken pipe") ? "the connection was closed or reset" : "a network error";
    return network(provider + " " + what + ": " + why);
  }

  public static UpstreamException timedOut(String message) {
    return new UpstreamException(0, true, true, message);
  }

  public int status() {
    return status;
  }

  public boolean retryable() {
    return retryable;
  }

  public boolean timeout() {
    return timeout;
  }
}
