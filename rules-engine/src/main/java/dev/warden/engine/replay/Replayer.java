package dev.warden.engine.replay;

import dev.warden.dsl.model.Enums;
import dev.warden.dsl.model.ModelSpec;
import dev.warden.engine.catalog.ModelCatalog;
import dev.warden.engine.detect.DetectorSuite;
import dev.warden.engine.eval.Decision;
import dev.warden.engine.eval.Evaluator;
import dev.warden.engine.facts.RequestFacts;
import dev.warden.engine.facts.ResponseFacts;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates a pack set on recorded facts: no detector runs, the rules see what the recorded
 * request's rules saw (entities by type, offsets and score, injection and safety scores, token
 * counts, budgets, the time), with the candidate's own thresholds and routing. The response
 * rules run when the request is allowed and the record holds the answer's facts.
 *
 * <p>What cannot be replayed exactly: conditions on the text itself see the text the record
 * kept (redacted at the default log level, none at {@code metadata}); entities the candidate
 * defines that no recorded detector found are not found; a candidate's new allow-list entries
 * do not apply (the values are not kept).
 */
public final class Replayer {
  private final Evaluator evaluator;
  private final ModelCatalog catalog;

  public Replayer(Evaluator evaluator) {
    this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
    this.catalog = evaluator.catalog();
  }

  /** The decisions of a replay: the request rules', and the response rules' when they ran. */
  public record Replayed(Decision request, Optional<Decision> response) {
    public Replayed {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(response, "response");
    }
  }

  public Replayed replay(dev.warden.engine.snapshot.PolicySnapshot snapshot, RecordedFacts f) {
    DetectorSuite types = snapshot.detectors();
    String asked = f.request().model();
    RequestFacts request = new RequestFacts(f.principal(), f.request(), new ReplayedText(f.prompt(), types),
        new ReplayedText(f.system(), types), spec(asked), f.injection(), f.safety(), f.budgets(), f.time(),
        snapshot.patterns());
    Decision decided = evaluator.decide(snapshot, request, Enums.Phase.REQUEST, passing(types, f.prompt()), asked,
        f.allowedModels());
    Optional<Decision> answer = Optional.empty();
    if (decided.allowed() && f.answer().isPresent()) {
      RecordedAnswer a = f.answer().get();
      ResponseFacts response = new ResponseFacts(request.getPrincipal(), request.getRequest(), request.getPrompt(),
          request.getSystem(), spec(a.servedModel()), f.injection(), a.safety(), f.budgets(), f.time(),
          snapshot.patterns(), new ReplayedAnswer(a, types));
      answer = Optional.of(evaluator.decide(snapshot, response, Enums.Phase.RESPONSE, passing(types, a.text()),
          a.servedModel(), f.allowedModels()));
    }
    return new Replayed(decided, answer);
  }

  private ModelSpec spec(String name) {
    return catalog.get(name).orElseGet(() -> ModelSpec.unknown(name));
  }

  private static Set<String> passing(DetectorSuite suite, RecordedText t) {
    Set<String> out = new LinkedHashSet<>();
    for (RecordedDetection d : t.detections()) {
      if (d.score() >= suite.threshold(d.type())) {
        out.add(d.type());
      }
    }
    return out;
  }
}
