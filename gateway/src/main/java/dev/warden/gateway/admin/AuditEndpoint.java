package dev.warden.gateway.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.api.Http;
import dev.warden.gateway.audit.AuditFilter;
import dev.warden.gateway.audit.AuditSearch;
import dev.warden.gateway.chat.OpenAiChat;
import io.helidon.common.parameters.Parameters;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code GET /admin/audit?request_id=&key=&team=&rule=&outcome=&status=&from=&to=&limit=}: the
 * audit records that match, newest first (at most {@code limit}, default 100, 1000 at most).
 * A parameter it does not know or cannot read is a 400 that says which.
 */
public final class AuditEndpoint {
  static final Set<String> PARAMS = Set.of("request_id", "key", "team", "rule", "outcome", "status", "from", "to",
      "limit");
  static final int MAX_VALUE = 200;
  private final Optional<Path> dir;

  /** @param dir the audit folder; empty when the audit log is off */
  public AuditEndpoint(Optional<Path> dir) {
    this.dir = dir;
  }

  public void handle(ServerRequest req, ServerResponse res) {
    if (dir.isEmpty()) {
      throw new ApiError(409, "invalid_request_error", "audit_off", "The audit log is off (audit.mode: off).");
    }
    AuditFilter filter = filter(req.query());
    AuditSearch.Result result;
    try {
      result = AuditSearch.search(dir.get(), filter);
    } catch (IOException e) {
      throw ApiError.unavailable("The audit log could not be read: " + e.getClass().getSimpleName());
    }
    ObjectNode o = OpenAiChat.JSON.createObjectNode();
    o.put("count", result.hits().size());
    o.put("truncated", result.truncated());
    o.put("scanned", result.scanned());
    ArrayNode records = o.putArray("records");
    result.hits().forEach(h -> records.add(h.record()));
    Http.send(res, 200, o);
  }

  static AuditFilter filter(Parameters q) {
    for (String name : q.names()) {
      if (!PARAMS.contains(name)) {
        throw ApiError.badRequest("Unknown parameter \"" + cut(name) + "\"; /admin/audit takes " + new java.util.TreeSet<>(PARAMS)
            + ".");
      }
      List<String> all = q.all(name);
      if (all.size() > 1) {
        throw ApiError.badRequest("Give \"" + name + "\" once.");
      }
      if (all.getFirst().length() > MAX_VALUE) {
        throw ApiError.badRequest("\"" + name + "\" is longer than " + MAX_VALUE + " characters.");
      }
    }
    try {
      OptionalInt status = q.first("status").map(s -> OptionalInt.of(number("status", s, 100, 599)))
          .orElse(OptionalInt.empty());
      int limit = q.first("limit").map(s -> number("limit", s, 1, AuditFilter.MAX_LIMIT)).orElse(AuditFilter.DEFAULT_LIMIT);
      Optional<Instant> from = q.first("from").map(v -> AuditFilter.time("from", v));
      Optional<Instant> to = q.first("to").map(v -> AuditFilter.time("to", v));
      Optional<String> outcome = q.first("outcome").map(String::toString);
      return new AuditFilter(text(q, "request_id"), text(q, "key"), text(q, "team"), text(q, "rule"), outcome, status,
          from, to, limit);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage() + ".");
    }
  }

  private static Optional<String> text(Parameters q, String name) {
    return q.first(name).map(String::toString).filter(s -> !s.isEmpty());
  }

  private static int number(String name, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + "; got \""
          + cut(value) + "\"");
    }
  }

  private static String cut(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
