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

  public UpstreamException(int status, boolean retryable, boolean timeout, String message) {
    super(message, null, false, false);
    this.status = status;
    this.retryable = retryable;
    this.timeout = timeout;
  }

  public static UpstreamException ofStatus(int status, String message) {
    return new UpstreamException(status, status == 429 || status >= 500, false, message);
  }

  public static UpstreamException network(String message) {
    return new UpstreamException(0, true, false, message);
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
