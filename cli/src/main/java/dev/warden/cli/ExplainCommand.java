package dev.warden.cli;

import dev.warden.dsl.diag.DiagnosticPrinter;
import dev.warden.dsl.source.SourceFile;
import dev.warden.engine.catalog.ModelCatalog;
import dev.warden.engine.eval.Evaluator;
import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.eval.RequestInput;
import dev.warden.engine.eval.ResponseEvaluation;
import dev.warden.engine.eval.ResponseInput;
import dev.warden.engine.facts.Budgets;
import dev.warden.engine.facts.Principal;
import dev.warden.engine.facts.RequestInfo;
import dev.warden.engine.redact.Redactor;
import dev.warden.engine.snapshot.PackLoader;
import dev.warden.engine.text.TokenCounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code warden explain}: evaluate one OpenAI-style request and print the decision and why. */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = {"Evaluate one chat request against the packs and print the decision.",
        "The request is an OpenAI-style chat body; the caller is given by flags. The output has the redacted",
        "prompt, the detections, the injection and safety scores, and every fired rule with its file:line."},
    footer = {"", "Example:", "  warden explain rule-packs --request req.json --team oncology --region eu",
        "      --set budget(team).used=85%% --response \"The SSN is 536-22-8145.\"", "",
        "Exit codes: 0 evaluated, 1 the packs or the request have errors, 2 usage."})
final class ExplainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PACK-DIR", description = "Pack folders (or files).")
  List<Path> packs;

  @Option(names = "--request", required = true, paramLabel = "FILE",
      description = "The request body (OpenAI chat format); - reads standard input.")
  String request;

  @Option(names = "--key", defaultValue = "") String key;
  @Option(names = "--user", defaultValue = "") String user;
  @Option(names = "--team", defaultValue = "") String team;
  @Option(names = "--tenant", defaultValue = "") String tenant;
  @Option(names = "--app", defaultValue = "") String app;
  @Option(names = "--region", defaultValue = "") String region;
  @Option(names = "--env", defaultValue = "") String env;

  @Option(names = "--role", paramLabel = "ROLE", description = "A role of the caller (repeatable).")
  List<String> roles = new ArrayList<>();

  @Option(names = "--allowed-model", paramLabel = "MODEL", description = "A model the key may use (repeatable; "
      + "none: any).")
  List<String> allowed = new ArrayList<>();

  @Option(names = "--tag", paramLabel = "K=V", description = "Caller metadata, as x-warden-tag-K headers (repeatable).")
  Map<String, String> tags = new LinkedHashMap<>();

  @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Set a fact, e.g. injection.score=0.9 or "
      + "budget(team).used=85%% (repeatable).")
  List<String> set = new ArrayList<>();

  @Option(names = "--response", paramLabel = "TEXT", description = "An answer to run the response rules on.")
  Optional<String> response;

  @Option(names = "--catalog", paramLabel = "YAML", description = "Model catalog (default: the embedded one).")
  Optional<Path> catalog;

  @Option(names = "--json", description = "Print the decision as JSON.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    var err = spec.commandLine().getErr();
    ModelCatalog models;
    try {
      models = Catalogs.load(catalog);
    } catch (IOException e) {
      err.println("warden explain: " + e.getMessage());
      return 1;
    }
    PackLoader.Loaded loaded = PackLoader.load(packs, Optional.of(models.names()), Clock.systemUTC());
    Map<String, SourceFile> sources = new LinkedHashMap<>();
    loaded.sources().forEach(f -> sources.put(f.path(), f));
    err.print(DiagnosticPrinter.of(sources).print(loaded.diagnostics().stream().filter(d -> d.isError()).toList()));
    err.flush();
    if (loaded.snapshot().isEmpty()) {
      return 1;
    }
    OpenAiRequest req;
    Map<dev.warden.dsl.schema.FactPath, Object> overrides;
    try {
      byte[] body = request.equals("-") ? System.in.readNBytes(4 * 1024 * 1024 + 1) : Files.readAllBytes(Path.of(request));
      req = OpenAiRequest.parse(body);
      overrides = PathValues.parse(set);
    } catch (IOException e) {
      err.println("warden explain: " + FileProblem.of(e));
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("warden explain: " + e.getMessage());
      return 1;
    }
    Map<String, String> allTags = new LinkedHashMap<>(req.metadata());
    allTags.putAll(tags);
    RequestInput in = new RequestInput(new Principal(key, user, team, tenant, app, region, env, roles),
        new LinkedHashSet<>(allowed), new RequestInfo(req.model(), "chat", req.stream(), req.maxTokens(), allTags),
        req.messages(), Budgets.NONE, ZonedDateTime.now(), overrides);
    Evaluator evaluator = new Evaluator(models, new Redactor(new byte[0]), TokenCounter.cl100k(),
        m -> OptionalDouble.empty());
    RequestEvaluation r = evaluator.request(loaded.snapshot().get(), in);
    Optional<ResponseEvaluation> resp = Optional.empty();
    if (response.isPresent() && r.decision().allowed()) {
      resp = Optional.of(evaluator.response(r, new ResponseInput(response.get(), "stop",
          r.decision().routing().chosen().orElse(req.model()), OptionalInt.empty(), overrides)));
    }
    var out = spec.commandLine().getOut();
    out.print(json ? ExplainJson.of(r, resp) : ExplainText.of(r, resp));
    out.flush();
    return 0;
  }

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
