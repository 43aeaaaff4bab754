package dev.warden.gateway.api;

import dev.warden.gateway.Gateway;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The admin routes of keys and spend ({@code /admin/keys}, {@code /admin/spend}), all behind the
 * admin token, registered by {@link Routes} before its catch-all.
 */
final class FinanceRoutes {
  private FinanceRoutes() {}

  static void routing(HttpRouting.Builder r, Gateway app) {
    var keys = app.keysEndpoint();
    var spend = app.spendEndpoint();
    r.post("/admin/keys", admin(app, keys::create))
        .get("/admin/keys", admin(app, keys::list))
        .get("/admin/keys/{id}", admin(app, keys::show))
        .patch("/admin/keys/{id}", admin(app, keys::patch))
        .delete("/admin/keys/{id}", admin(app, keys::revoke))
        .post("/admin/keys/{id}/rotate", admin(app, keys::rotate))
        .post("/admin/keys/{id}/revoke", admin(app, keys::revoke))
        .get("/admin/spend", admin(app, spend::report))
        .get("/admin/spend/compare", admin(app, spend::compare));
  }

  private static Handler admin(Gateway app, Handler h) {
    return Routes.guarded((ServerRequest req, ServerResponse res) -> {
      Auth.admin(app.adminToken(), req);
      try {
        h.handle(req, res);
      } catch (dev.warden.gateway.store.StoreException e) {
        System.getLogger("warden.gateway").log(System.Logger.Level.ERROR, "the store failed", e);
        throw ApiError.unavailable("The store cannot be reached; try again shortly.");
      }
    });
  }
}
