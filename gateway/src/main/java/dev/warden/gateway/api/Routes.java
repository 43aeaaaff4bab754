package dev.warden.gateway.api;

import dev.warden.gateway.Gateway;
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
 * nothing internal.
 */
public final class Routes {
  private static final System.Logger LOG = System.getLogger("warden.gateway");

  private Routes() {}

  public static void routing(HttpRouting.Builder r, Gateway app) {
    r.post("/v1/chat/completions", guarded(app.chat()::handle))
        .post("/v1/messages", guarded(app.messages()::handle, MessagesEndpoint::error))
        .post("/v1/embeddings", guarded(app.embeddings()::handle))
        .get("/v1/models", guarded(app.models()::handle))
        .get("/admin/packs", guarded((req, res) -> {
          Auth.admin(app.adminToken(), req);
          app.admin().status(req, res);
        }))
        .post("/admin/packs/reload", guarded((req, res) -> {
          Auth.admin(app.adminToken(), req);
          app.admin().reload(req, res);
        }))
        .get("/health", guarded((req, res) -> app.health(res)))
        .any(guarded((req, res) -> {
          throw ApiError.notFound("unknown_endpoint", "No such endpoint: " + req.prologue().method().text() + " "
              + req.path().path());
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
}
