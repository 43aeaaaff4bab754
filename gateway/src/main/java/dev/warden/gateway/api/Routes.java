package dev.warden.gateway.api;

import dev.warden.gateway.Gateway;
import dev.warden.gateway.audit.Recorder;
import dev.warden.gateway.audit.RequestRecord;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;
import java.util.function.BiConsumer;

/**
 * The gateway's routes, built by one static method that the tests call too. Every handler is
 * wrapped the same way: a request id on every response, {@link ApiError}s in the endpoint's API
 * format (OpenAI's, or Anthropic's on {@code /v1/messages}), anything unexpected a 500 that says
 * nothing internal. The model APIs are also recorded: each request gets a {@link RequestRecord}
 * that ends in the audit log, the metrics and the trace, whatever its outcome.
 */
public final class Routes {
  private static final System.Logger LOG = System.getLogger("warden.gateway");
  private static final io.helidon.http.HeaderName TRACEPARENT = HeaderNames.create("traceparent");

  private Routes() {}

  /** An API handler that fills the request's record. */
  @FunctionalInterface
  interface Recorded {
    void handle(ServerRequest req, ServerResponse res, RequestRecord record);
  }

  /** The methods each endpoint of the model APIs takes: another method there is a 405, not a 404. */
  private static final java.util.Map<String, String> API_METHODS = java.util.Map.of(
      "/v1/chat/completions", "POST", "/v1/messages", "POST", "/v1/embeddings", "POST", "/v1/models", "GET");

  public static void routing(HttpRouting.Builder r, Gateway app) {
    Recorder rec = app.recorder();
    FinanceRoutes.routing(r, app);
    r.post("/v1/chat/completions", recorded(app.chat()::handle, Http::error, rec))
        .post("/v1/messages", recorded(app.messages()::handle, MessagesEndpoint::error, rec))
        .post("/v1/embeddings", recorded(app.embeddings()::handle, Http::error, rec))
        .get("/v1/models", guarded(app.models()::handle))
        .get("/admin/packs", guarded((req, res) -> {
          Auth.admin(app.adminToken(), req);
          app.admin().status(req, res);
        }))
        .post("/admin/packs/reload", guarded((req, res) -> {
          Auth.admin(app.adminToken(), req);
          app.admin().reload(req, res);
        }))
        .get("/admin/audit", guarded((req, res) -> {
          Auth.admin(app.adminToken(), req);
          app.auditQuery().handle(req, res);
        }))
        .post("/admin/packs/shadow", guarded((req, res) -> {
          Auth.admin(app.adminToken(), req);
          app.shadow().start(req, res);
        }))
        .get("/admin/packs/shadow", guarded((req, res) -> {
          Auth.admin(app.adminToken(), req);
          app.shadow().status(req, res);
        }))
        .post("/admin/packs/shadow/promote", guarded((req, res) -> {
          Auth.admin(app.adminToken(), req);
          app.shadow().promote(req, res);
        }))
        .delete("/admin/packs/shadow", guarded((req, res) -> {
          Auth.admin(app.adminToken(), req);
          app.shadow().stop(req, res);
        }))
        .get("/admin/budgets", guarded((req, res) -> {
          Auth.admin(app.adminToken(), req);
          app.budgets().list(req, res);
        }))
        .put("/admin/budgets/{scope}/{subject}", guarded((req, res) -> {
          Auth.admin(app.adminToken(), req);
          app.budgets().put(req, res);
        }))
        .delete("/admin/budgets/{scope}/{subject}", guarded((req, res) -> {
          Auth.admin(app.adminToken(), req);
          app.budgets().delete(req, res);
        }))
        .get("/metrics", guarded((req, res) -> {
          if (!app.config().observability().metrics().enabled()) {
            throw ApiError.notFound("metrics_off", "Metrics are off (metrics.enabled: false).");
          }
          if (app.config().observability().metrics().requireAdmin()) {
            Auth.admin(app.adminToken(), req);
          }
          app.metricsEndpoint().handle(req, res);
        }))
        .get("/health", guarded((req, res) -> app.health().ready(res)))
        .get("/health/ready", guarded((req, res) -> app.health().ready(res)))
        .get("/health/live", guarded((req, res) -> app.health().live(res)))
        .any(guarded((req, res) -> {
          String method = req.prologue().method().text();
          String path = req.path().path();
          String allowed = API_METHODS.get(path);
          if (allowed != null) {
            throw ApiError.methodNotAllowed(ChatEndpoint.ascii(method), path, allowed);
          }
          throw ApiError.notFound("unknown_endpoint", "No such endpoint: " + method + " " + path);
        }));
  }

  static Handler guarded(Handler handler) {
    return guarded(handler, Http::error);
  }

  static Handler guarded(Handler handler, BiConsumer<ServerResponse, ApiError> errors) {
    return (ServerRequest req, ServerResponse res) -> {
      String id = Http.newRequestId();
      res.header(Http.REQUEST_ID, id);
      try {
        handler.handle(req, res);
      } catch (ApiError e) {
        if (!res.isSent()) {
          errors.accept(res, e);
        }
      } catch (UncheckedIOException e) {
        // the caller went away mid-response: nothing to tell it
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "request " + id + " failed", e);
        if (!res.isSent()) {
          errors.accept(res, ApiError.internal("Internal error (request " + id + ")."));
        }
      }
    };
  }

  /**
   * {@link #guarded} for a model API: the request's record starts here (after a refusal when the
   * audit log cannot take it) and is committed whatever happens; an endpoint commits it itself
   * before it sends a response, so an error here is recorded before it is sent.
   */
  static Handler recorded(Recorded handler, BiConsumer<ServerResponse, ApiError> errors, Recorder recorder) {
    return (ServerRequest req, ServerResponse res) -> {
      String id = Http.newRequestId();
      res.header(Http.REQUEST_ID, id);
      RequestRecord record = recorder.start(id, req.path().path(), Http.header(req, TRACEPARENT).orElse(""));
      try {
        recorder.admit();
        handler.handle(req, res, record);
        recorder.commit(record);
      } catch (ApiError e) {
        record.failed(e);
        ApiError sent = commit(recorder, record, e);
        if (!res.isSent()) {
          errors.accept(res, sent);
        }
      } catch (UncheckedIOException e) {
        // the caller went away mid-response: nothing to tell it, but the record says so
        record.status(499);
        commit(recorder, record, null);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "request " + id + " failed", e);
        ApiError internal = ApiError.internal("Internal error (request " + id + ").");
        record.failed(internal);
        ApiError sent = commit(recorder, record, internal);
        if (!res.isSent()) {
          errors.accept(res, sent);
        }
      }
    };
  }

  /** Commits a failed request's record; the audit log's own refusal replaces the error when it fails closed. */
  private static ApiError commit(Recorder recorder, RequestRecord record, ApiError e) {
    try {
      recorder.commit(record);
      return e;
    } catch (ApiError refused) {
      return refused;
    }
  }
}
