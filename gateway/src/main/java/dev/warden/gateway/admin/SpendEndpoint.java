package dev.warden.gateway.admin;

import dev.warden.dsl.model.ModelSpec;
import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.api.Http;
import dev.warden.gateway.spend.SpendFormat;
import dev.warden.gateway.spend.SpendQuery;
import dev.warden.gateway.spend.SpendReport;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /admin/spend} (spend per team, user, tenant, app, model, key or tag over a time
 * range, as JSON or CSV) and {@code GET /admin/spend/compare} (what the same tokens would have
 * cost on candidate models).
 */
public final class SpendEndpoint {
  private static final Set<String> REPORT = Set.of("group_by", "from", "to", "format");
  private static final Set<String> COMPARE = Set.of("group_by", "from", "to", "format", "models");
  private static final int MAX_MODELS = 20;
  private final SpendReport reports;
  private final Map<String, ModelSpec> catalog;
  private final Runnable settled;

  /**
   * @param settled waits until the calls this replica answered are written (their settlement
   *     follows the answer), so a report includes every call answered before it was asked for
   */
  public SpendEndpoint(SpendReport reports, Map<String, ModelSpec> catalog, Runnable settled) {
    this.reports = reports;
    this.catalog = Map.copyOf(catalog);
    this.settled = settled;
  }

  public void report(ServerRequest req, ServerResponse res) {
    known(req, REPORT);
    SpendQuery q = query(req, "team");
    boolean csv = csv(req);
    settled.run();
    SpendReport.Report r = reports.report(q);
    if (csv) {
      sendCsv(res, SpendFormat.csv(r), "spend-" + q.groupBy().name().replace(':', '-') + ".csv");
    } else {
      Http.send(res, 200, SpendFormat.json(r));
    }
  }

  public void compare(ServerRequest req, ServerResponse res) {
    known(req, COMPARE);
    SpendQuery q = query(req, "none");
    boolean csv = csv(req);
    String list = param(req, "models").orElseThrow(() -> ApiError.badRequest(
        "models is required: the candidate models, comma-separated (models=small-us,premium-us)."));
    List<ModelSpec> candidates = new ArrayList<>();
    for (String name : list.split(",", -1)) {
      String m = name.strip();
      ModelSpec spec = catalog.get(m);
      if (spec == null) {
        throw ApiError.badRequest("models: \"" + clip(m) + "\" is not a model of the catalog.");
      }
      if (candidates.stream().noneMatch(c -> c.name().equals(m))) {
        candidates.add(spec);
      }
    }
    if (candidates.size() > MAX_MODELS) {
      throw ApiError.badRequest("models: at most " + MAX_MODELS + " candidates.");
    }
    settled.run();
    SpendReport.Comparison c = reports.compare(q, candidates);
    if (csv) {
      sendCsv(res, SpendFormat.csv(c), "spend-compare.csv");
    } else {
      Http.send(res, 200, SpendFormat.json(c));
    }
  }

  private static SpendQuery query(ServerRequest req, String defaultGroup) {
    try {
      SpendQuery.GroupBy g = SpendQuery.GroupBy.parse(param(req, "group_by").orElse(defaultGroup));
      return new SpendQuery(g, param(req, "from").map(v -> SpendQuery.time("from", v)),
          param(req, "to").map(v -> SpendQuery.time("to", v)));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage() + ".");
    }
  }

  private static boolean csv(ServerRequest req) {
    String f = param(req, "format").orElse("json");
    return switch (f) {
      case "json" -> false;
      case "csv" -> true;
      default -> throw ApiError.badRequest("format must be json or csv; got \"" + clip(f) + "\".");
    };
  }

  private static void known(ServerRequest req, Set<String> known) {
    for (String name : req.query().names()) {
      if (!known.contains(name)) {
        throw ApiError.badRequest("Unknown parameter \"" + clip(name) + "\"; known: " + new java.util.TreeSet<>(known)
            + ".");
      }
      if (req.query().all(name).size() > 1) {
        throw ApiError.badRequest("The parameter \"" + clip(name) + "\" is given more than once.");
      }
    }
  }

  private static Optional<String> param(ServerRequest req, String name) {
    return req.query().first(name).asOptional();
  }

  private static void sendCsv(ServerResponse res, String csv, String file) {
    res.status(Status.OK_200);
    res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
    res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"");
    res.send(csv.getBytes(StandardCharsets.UTF_8));
  }

  private static String clip(String s) {
    return KeyRequests.clip(s);
  }
}
