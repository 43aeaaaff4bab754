package dev.warden.engine.replay;

import dev.warden.dsl.model.AllowDef;
import dev.warden.engine.detect.Detection;
import dev.warden.engine.detect.DetectorSuite;
import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.eval.ResponseEvaluation;
import dev.warden.engine.facts.Budgets;
import dev.warden.engine.facts.Facts;
import dev.warden.engine.facts.Injection;
import dev.warden.engine.facts.Principal;
import dev.warden.engine.facts.RequestInfo;
import dev.warden.engine.facts.ResponseText;
import dev.warden.engine.facts.Safety;
import dev.warden.engine.facts.TextFacts;
import dev.warden.engine.facts.TimeFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The facts the rules decided one request on, as an audit record keeps them: who asked, what,
 * the detector outputs (entities as type, offsets and score; injection and safety scores),
 * token counts, budget states and the time; and, when the answer was checked, the answer's
 * facts. A {@link Replayer} evaluates another pack set on them without running a detector.
 */
public record RecordedFacts(Principal principal, Set<String> allowedModels, RequestInfo request, RecordedText prompt,
    RecordedText system, Injection injection, Safety safety, Budgets budgets, TimeFacts time,
    Optional<RecordedAnswer> answer) {
  public RecordedFacts {
    Objects.requireNonNull(principal, "principal");
    allowedModels = Set.copyOf(allowedModels);
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(injection, "injection");
    Objects.requireNonNull(safety, "safety");
    Objects.requireNonNull(budgets, "budgets");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(answer, "answer");
  }

  /**
   * The facts of an evaluation, texts left empty (the record keeps them per its log level).
   * Reads the raw values once, to note which packs' allow-lists let each detected value through.
   */
  public static RecordedFacts of(RequestEvaluation e, Optional<ResponseEvaluation> response) {
    Facts f = e.facts();
    DetectorSuite suite = e.snapshot().detectors();
    List<AllowDef> allows = e.snapshot().program().allows();
    Optional<RecordedAnswer> answer = response.map(r -> {
      ResponseText t = r.facts().getResponse();
      return new RecordedAnswer(r.facts().getModel().name(), text(t, suite, allows), t.getFinishReason(),
          t.getSystemOverlap(), r.facts().getSafety());
    });
    return new RecordedFacts(f.getPrincipal(), e.input().allowedModels(), f.getRequest(),
        text(f.getPrompt(), suite, allows), text(f.getSystem(), suite, allows), f.getInjection(), f.getSafety(),
        f.getBudget(), f.getTime(), answer);
  }

  private static RecordedText text(TextFacts t, DetectorSuite suite, List<AllowDef> allows) {
    List<RecordedDetection> out = new ArrayList<>();
    for (Detection d : t.getDetections()) {
      List<String> allowedBy = new ArrayList<>();
      for (AllowDef a : allows) {
        if (a.type().equals(d.type()) && !allowedBy.contains(a.pack()) && d.end() <= t.getText().length()
            && suite.allows(a.pack(), d.type(), t.getText().substring(d.start(), d.end()))) {
          allowedBy.add(a.pack());
        }
      }
      out.add(new RecordedDetection(d.type(), d.start(), d.end(), d.score(), d.detector(), allowedBy));
    }
    return new RecordedText("", t.getTokens(), t.getMessages(), out);
  }

  public RecordedFacts withTexts(String promptText, String systemText, Optional<String> answerText) {
    return new RecordedFacts(principal, allowedModels, request, prompt.withText(promptText),
        system.withText(systemText), injection, safety, budgets, time,
        answer.map(a -> new RecordedAnswer(a.servedModel(), a.text().withText(answerText.orElse("")), a.finishReason(),
            a.systemOverlap(), a.safety())));
  }
}
