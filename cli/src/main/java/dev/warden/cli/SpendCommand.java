package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.dsl.model.ModelSpec;
import dev.warden.gateway.config.ConfigException;
import dev.warden.gateway.config.ConfigLoader;
import dev.warden.gateway.config.Env;
import dev.warden.gateway.config.Finance;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.spend.SpendFormat;
import dev.warden.gateway.spend.SpendQuery;
import dev.warden.gateway.spend.SpendReport;
import dev.warden.gateway.store.Store;
import dev.warden.gateway.store.StoreException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code warden spend}: the spend report of {@code /admin/spend}, from the store a gateway
 * configuration points to, or from a running gateway.
 */
@Command(name = "spend", mixinStandardHelpOptions = true,
    description = {"Spend per team, user, tenant, app, model, key or tag over a time range, as a table, CSV or JSON;",
        "with --compare, what the same tokens would have cost on other models at the catalog's prices.",
        "Where it reads: --config (the store that configuration names; PostgreSQL, or an H2 file no gateway has",
        "open), --store-url (a JDBC URL), or --url (a running gateway's /admin/spend, with its admin token).",
        "An H2 file is locked by the gateway using it: while one runs, ask it with --url.",
        "Times: 2026-12-01T08:00:00Z or a day, 2026-12-01 (its start, UTC); --from is inclusive, --to is not."},
    footer = {"", "Environment: WARDEN_ADMIN_TOKEN (for --url when --admin-token is not given).",
        "Exit codes: 0 ok, 1 the store or gateway cannot be read, 2 usage."})
final class SpendCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  CommandSpec spec;

  static final class Source {
    @Option(names = "--config", paramLabel = "YAML", description = "A gateway configuration: its store and catalog.")
    Optional<Path> config;

    @Option(names = "--store-url", paramLabel = "JDBC", description = "jdbc:postgresql://... or jdbc:h2:file:...")
    Optional<String> storeUrl;

    @Option(names = "--url", paramLabel = "URL", description = "A running gateway, e.g. http://127.0.0.1:8080.")
    Optional<String> url;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--store-user", paramLabel = "USER")
  String storeUser = "";

  @Option(names = "--store-password", paramLabel = "PASSWORD", description = "Better: in the configuration file.")
  String storePassword = "";

  @Option(names = "--store-schema", paramLabel = "SCHEMA", description = "The PostgreSQL schema of Warden's tables.")
  String storeSchema = "";

  @Option(names = "--admin-token", paramLabel = "TOKEN", description = "For --url; default: $WARDEN_ADMIN_TOKEN.")
  Optional<String> adminToken;

  @Option(names = "--group-by", paramLabel = "G",
      description = "team (default), user, tenant, app, model, key, none or tag:<name>.")
  Optional<String> groupBy;

  @Option(names = "--from", paramLabel = "TIME")
  Optional<String> from;

  @Option(names = "--to", paramLabel = "TIME")
  Optional<String> to;

  @Option(names = "--format", paramLabel = "F", description = "table (default), csv or json.")
  String format = "table";

  @Option(names = "--compare", paramLabel = "MODELS",
      description = "Candidate models, comma-separated: their cost for the same tokens (needs the catalog:"
          + " --config or --url).")
  Optional<String> compare;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    if (!List.of("table", "csv", "json").contains(format)) {
      err.println("warden spend: --format must be table, csv or json");
      return 2;
    }
    SpendQuery query;
    try {
      query = new SpendQuery(SpendQuery.GroupBy.parse(groupBy.orElse(compare.isPresent() ? "none" : "team")),
          from.map(v -> SpendQuery.time("--from", v)), to.map(v -> SpendQuery.time("--to", v)));
    } catch (IllegalArgumentException e) {
      err.println("warden spend: " + e.getMessage().replace("group_by", "--group-by").replace("from must",
          "--from must"));
      return 2;
    }
    if (source.url.isPresent()) {
      return fromGateway(query);
    }
    Optional<GatewayConfig> cfg = Optional.empty();
    if (source.config.isPresent()) {
      Path file = source.config.get().toAbsolutePath();
      try {
        cfg = Optional.of(new ConfigLoader(Env.system(), file.getParent()).load(file));
      } catch (ConfigException e) {
        err.println("warden spend: " + e.getMessage());
        return 1;
      }
    }
    Optional<Finance.Store> store = source.storeUrl.isPresent()
        ? Optional.of(new Finance.Store(source.storeUrl.get(), storeUser, storePassword, 2, storeSchema))
        : cfg.flatMap(c -> c.finance().store());
    if (store.isEmpty()) {
      err.println("warden spend: " + source.config.orElseThrow() + " names no store: that gateway keeps its spend in"
          + " memory; ask it with --url and --admin-token");
      return 1;
    }
    List<ModelSpec> candidates = new ArrayList<>();
    if (compare.isPresent()) {
      if (cfg.isEmpty()) {
        err.println("warden spend: --compare needs the catalog's prices: give --config (or ask a gateway with --url)");
        return 2;
      }
      Map<String, ModelSpec> catalog = new LinkedHashMap<>();
      cfg.get().models().forEach(m -> catalog.put(m.spec().name(), m.spec()));
      for (String name : compare.get().split(",", -1)) {
        ModelSpec m = catalog.get(name.strip());
        if (m == null) {
          err.println("warden spend: --compare: \"" + name.strip() + "\" is not a model of the catalog");
          return 2;
        }
        candidates.add(m);
      }
    }
    try (Store s = Store.open(store)) {
      SpendReport reports = new SpendReport(s.data());
      if (compare.isPresent()) {
        SpendReport.Comparison c = reports.compare(query, candidates);
        print(SpendFormat.json(c), format.equals("csv") ? SpendFormat.csv(c) : "");
      } else {
        SpendReport.Report r = reports.report(query);
        print(SpendFormat.json(r), format.equals("csv") ? SpendFormat.csv(r) : "");
      }
      return 0;
    } catch (StoreException e) {
      err.println("warden spend: " + e.getMessage());
      if (store.get().url().startsWith("jdbc:h2:file:")) {
        err.println("warden spend: (an H2 file is locked while a gateway uses it: ask that gateway with --url)");
      }
      return 1;
    }
  }

  private int fromGateway(SpendQuery query) {
    var err = spec.commandLine().getErr();
    Optional<String> token = adminToken.or(() -> Optional.ofNullable(System.getenv("WARDEN_ADMIN_TOKEN")));
    if (token.isEmpty()) {
      err.println("warden spend: --url needs the gateway's admin token: --admin-token or WARDEN_ADMIN_TOKEN");
      return 2;
    }
    StringBuilder path = new StringBuilder(compare.isPresent() ? "/admin/spend/compare" : "/admin/spend");
    path.append("?group_by=").append(enc(query.groupBy().name()));
    query.from().ifPresent(f -> path.append("&from=").append(enc(f.toString())));
    query.to().ifPresent(t -> path.append("&to=").append(enc(t.toString())));
    compare.ifPresent(m -> path.append("&models=").append(enc(m)));
    path.append("&format=").append(format.equals("csv") ? "csv" : "json");
    String base = source.url.get().replaceAll("/+$", "");
    HttpResponse<String> r;
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
          .header("authorization", "Bearer " + token.get()).GET().build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException e) {
      err.println("warden spend: cannot reach " + base + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    if (r.statusCode() != 200) {
      String message = r.body();
      try {
        message = JSON.readTree(r.body()).path("error").path("message").asText(r.body());
      } catch (IOException ignored) {
        // not JSON: shown as it came
      }
      err.println("warden spend: the gateway answered " + r.statusCode() + ": " + message);
      return r.statusCode() == 400 ? 2 : 1;
    }
    if (format.equals("csv")) {
      spec.commandLine().getOut().print(r.body());
      spec.commandLine().getOut().flush();
      return 0;
    }
    try {
      print(JSON.readTree(r.body()), "");
    } catch (IOException e) {
      err.println("warden spend: the gateway's answer is not JSON");
      return 1;
    }
    return 0;
  }

  private void print(JsonNode json, String csv) {
    var out = spec.commandLine().getOut();
    switch (format) {
      case "csv" -> out.print(csv);
      case "json" -> out.println(json.toPrettyString());
      default -> out.print(SpendTable.render(json));
    }
    out.flush();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
