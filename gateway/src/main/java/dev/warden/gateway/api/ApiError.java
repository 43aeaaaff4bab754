package dev.warden.gateway.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An error as callers see it, in OpenAI's format ({@code {"error": {"message", "type",
 * "code"}}}) with its HTTP status. Thrown anywhere in the pipeline; mapped to a response in
 * one place. Messages never carry stack traces or raw entity values.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String type;
  private final String code;
  private final Optional<String> retryAfter;
  private final Map<String, String> headers;

  public ApiError(int status, String type, String code, String message) {
    this(status, type, code, message, Optional.empty());
  }

  public ApiError(int status, String type, String code, String message, Optional<String> retryAfter) {
    this(status, type, code, message, retryAfter, Map.of());
  }

  /** An error with response headers of its own (e.g. the x-ratelimit-* headers of a 429). */
  public ApiError(int status, String type, String code, String message, Optional<String> retryAfter,
      Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.type = Objects.requireNonNull(type, "type");
    this.code = Objects.requireNonNull(code, "code");
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    this.headers = Map.copyOf(headers);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String code() {
    return code;
  }

  public Optional<String> retryAfter() {
    return retryAfter;
  }

  /** Headers the error response carries besides Retry-After. */
  public Map<String, String> headers() {
    return headers;
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, "invalid_request_error", "invalid_request", message);
  }

  public static ApiError unauthorized(String message) {
    return new ApiError(401, "authentication_error", "invalid_api_key", message);
  }

  public static ApiError forbidden(String code, String message) {
    return new ApiError(403, "permission_error", code, message);
  }

  public static ApiError notFound(String code, String message) {
    return new ApiError(404, "not_found_error", code, message);
  }

  /** A known endpoint asked with a method it does not take: 405 with the {@code Allow} header. */
  public static ApiError methodNotAllowed(String method, String path, String allowed) {
    return new ApiError(405, "invalid_request_error", "method_not_allowed",
        path + " takes " + allowed + ", not " + method + ".", Optional.empty(), Map.of("Allow", allowed));
  }

  public static ApiError tooLarge(long max) {
    return new ApiError(413, "invalid_request_error", "request_too_large",
        "The request body is larger than " + max + " bytes.");
  }

  public static ApiError unsupportedMediaType() {
    return new ApiError(415, "invalid_request_error", "unsupported_media_type",
        "Send the request body as application/json.");
  }

  /** A JSON body declared in another charset than UTF-8: 415, as JSON on the wire is UTF-8 (RFC 8259). */
  public static ApiError unsupportedCharset(String charset) {
    return new ApiError(415, "invalid_request_error", "unsupported_media_type",
        "Send the request body as application/json in UTF-8, not " + charset + ".");
  }

  /** A policy block: status 400-499 from the rule, the rule's message, the rule id as code. */
  public static ApiError policy(int status, String rule, String message) {
    return new ApiError(status, "policy_violation", rule, message);
  }

  /** Over a rate limit: 429 with Retry-After in whole seconds and the x-ratelimit-* headers. */
  public static ApiError rateLimited(String message, long retryAfterSeconds, Map<String, String> headers) {
    return new ApiError(429, "rate_limit_exceeded", "rate_limit_exceeded", message,
        Optional.of(Long.toString(retryAfterSeconds)), headers);
  }

  public static ApiError upstream(int status, String message) {
    return new ApiError(status, "upstream_error", status == 504 ? "upstream_timeout" : "upstream_error", message);
  }

  public static ApiError internal(String message) {
    return new ApiError(500, "server_error", "internal_error", message);
  }

  public static ApiError unavailable(String message) {
    return new ApiError(503, "server_error", "unavailable", message);
  }
}
