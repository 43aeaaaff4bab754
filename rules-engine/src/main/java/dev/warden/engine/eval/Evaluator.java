package dev.warden.engine.eval;

import dev.warden.dsl.model.Enums;
import dev.warden.dsl.model.ModelSpec;
import dev.warden.engine.catalog.ModelCatalog;
import dev.warden.engine.detect.Detection;
import dev.warden.engine.detect.DetectorSuite;
import dev.warden.engine.detect.InjectionScorer;
import dev.warden.engine.detect.SafetyScorer;
import dev.warden.engine.detect.TextViews;
import dev.warden.engine.facts.Injection;
import dev.warden.engine.facts.Safety;
import dev.warden.engine.facts.Facts;
import dev.warden.engine.facts.RequestFacts;
import dev.warden.engine.facts.ResponseFacts;
import dev.warden.engine.redact.Pseudonyms;
import dev.warden.engine.redact.Redactor;
import dev.warden.engine.snapshot.PolicySnapshot;
import dev.warden.engine.text.Overlap;
import dev.warden.engine.text.TokenCounter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.kie.api.runtime.KieSession;

/**
 * Evaluates requests and responses against a snapshot: detect, build the facts, run the rules
 * in a fresh Drools session, combine the firings into a decision, and enforce redaction.
 * Stateless and thread-safe; the snapshot is passed per call so a request and its response
 * use the same one even if a reload happens in between.
 *
 * <p>Given an executor, the injection and safety classifiers read a text on another thread
 * while the calling one runs the entity detectors over it: they share nothing, and on an idle
 * core a request's detection takes the longer of the two instead of their sum. Texts shorter
 * than {@link #PARALLEL_FROM} characters are read on the calling thread alone (the hand-over
 * would cost more than it saves).
 */
public final class Evaluator {
  /** The shortest text (all messages, or the answer) whose classifiers run beside the detectors. */
  public static final int PARALLEL_FROM = 512;

  private final ModelCatalog catalog;
  private final Redactor redactor;
  private final TokenCounter tokens;
  private final Function<String, OptionalDouble> latency;
  private final Optional<Executor> classifiers;

  /**
   * An evaluator that runs every detector on the calling thread.
   *
   * @param latency observed latency per model (ms) for {@code prefer fastest}; empty when unknown
   */
  public Evaluator(ModelCatalog catalog, Redactor redactor, TokenCounter tokens,
      Function<String, OptionalDouble> latency) {
    this(catalog, redactor, tokens, latency, Optional.empty());
  }

  /**
   * @param latency observed latency per model (ms) for {@code prefer fastest}; empty when unknown
   * @param classifiers where the injection and safety classifiers run beside the entity
   *     detectors (a gateway: a new virtual thread each); empty: on the calling thread
   */
  public Evaluator(ModelCatalog catalog, Redactor redactor, TokenCounter tokens,
      Function<String, OptionalDouble> latency, Optional<Executor> classifiers) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.latency = Objects.requireNonNull(latency, "latency");
    this.classifiers = Objects.requireNonNull(classifiers, "classifiers");
  }

  public ModelCatalog catalog() {
    return catalog;
  }

  // ------------------------------------------------------------------ request

  public RequestEvaluation request(PolicySnapshot snapshot, RequestInput in) {
    long t0 = System.nanoTime();
    DetectorSuite suite = snapshot.detectors();
    int length = 0;
    for (ChatMessage m : in.messages()) {
      length += m.content().length();
    }
    // both classifiers read each message's folded text and features: made once per message
    Supplier<Scores> classified = beside(length, suite.injection().isPresent() || suite.safety(Enums.Phase.REQUEST)
        .isPresent(), () -> {
          List<TextViews> views = in.messages().stream().map(m -> TextViews.of(m.content())).toList();
          Injection injection = suite.injection().map(s -> strongest(in.messages(), views, s)).orElse(Injection.NONE);
          return new Scores(injection, suite.safety(Enums.Phase.REQUEST).map(s -> worst(views, s))
              .orElse(Safety.NONE));
        });
    List<ChatMessage> messages = in.messages();
    List<List<Detection>> perMessage = new ArrayList<>(messages.size());
    List<Detection> promptDetections = new ArrayList<>();
    List<Detection> systemDetections = new ArrayList<>();
    int promptLength = 0;
    int systemLength = 0;
    for (ChatMessage m : messages) {
      List<Detection> found = suite.scan(m.content());
      perMessage.add(found);
      int at = promptLength == 0 ? 0 : promptLength + 1; // where it starts in joined(messages, false)
      promptLength = at + m.content().length();
      for (Detection d : found) {
        promptDetections.add(d.shifted(at));
      }
      if (m.isSystem()) {
        int systemAt = systemLength == 0 ? 0 : systemLength + 1;
        systemLength = systemAt + m.content().length();
        for (Detection d : found) {
          systemDetections.add(d.shifted(systemAt));
        }
      }
    }
    String promptText = joined(messages, false);
    String systemText = joined(messages, true);
    Scores scores = classified.get();
    Injection injection = scores.injection();
    Safety safety = scores.safety();
    FactsAssembler facts = new FactsAssembler(in, tokens.count(promptText), catalog, injection, safety);
    facts.model(in.request().model());
    facts.override(in.overrides(), Enums.Phase.REQUEST);
    RequestFacts rf = facts.requestFacts(promptText, promptDetections, systemText, systemDetections,
        suite, snapshot.patterns(), tokens.count(systemText));
    long t1 = System.nanoTime();
    Decision decision = decide(snapshot, rf, Enums.Phase.REQUEST, passingTypes(suite, promptDetections),
        facts.model(), in.allowedModels());
    long t2 = System.nanoTime();

    Pseudonyms vault = new Pseudonyms();
    List<ChatMessage> redacted;
    List<List<Redactor.Applied>> applied;
    if (decision.redactions().isEmpty()) {
      redacted = messages; // no operator for any type: the redactor would return each text as it is
      applied = Collections.nCopies(messages.size(), List.of());
    } else {
      Map<String, Enums.RedactOp> ops = ops(decision);
      redacted = new ArrayList<>(messages.size());
      applied = new ArrayList<>(messages.size());
      for (int i = 0; i < messages.size(); i++) {
        ChatMessage m = messages.get(i);
        Redactor.Result r = redactor.apply(m.content(), toRedact(suite, decision, m.content(), perMessage.get(i)), ops,
            vault);
        redacted.add(m.withContent(r.text()));
        applied.add(r.applied());
      }
    }
    return new RequestEvaluation(snapshot, in, rf, decision, perMessage, redacted, applied, vault,
        new Timings(t1 - t0, t2 - t1, System.nanoTime() - t2));
  }

  /**
   * The request as it came, for a gateway configured to fail open after {@link #request}
   * failed: no detection and no rules; the model asked for (when the key may use it), nothing
   * redacted, and a warning that says the policy was not applied and why.
   */
  public RequestEvaluation unchecked(PolicySnapshot snapshot, RequestInput in, String reason) {
    List<String> texts = in.messages().stream().map(ChatMessage::content).toList();
    String promptText = String.join("\n", texts);
    String systemText = String.join("\n", in.messages().stream().filter(ChatMessage::isSystem)
        .map(ChatMessage::content).toList());
    FactsAssembler facts = new FactsAssembler(in, tokens.count(promptText), catalog, Injection.NONE, Safety.NONE);
    facts.model(in.request().model());
    RequestFacts rf = facts.requestFacts(promptText, List.of(), systemText, List.of(), snapshot.detectors(),
        snapshot.patterns(), tokens.count(systemText));
    String asked = in.request().model();
    boolean allowed = in.allowedModels().isEmpty() || in.allowedModels().contains(asked);
    Decision.Routing routing = allowed ? Decision.Routing.asked(asked)
        : new Decision.Routing(asked, Optional.empty(), List.of(), List.of(), Optional.empty(), Enums.Prefer.CHEAPEST,
            "the caller's key may not use the model \"" + asked + "\"");
    Optional<Decision.Block> block = allowed ? Optional.empty()
        : Optional.of(new Decision.Block(403, "Model not allowed: " + routing.reason(), "routing", ""));
    Decision decision = new Decision(Enums.Phase.REQUEST, block, Map.of(), routing, List.of(),
        List.of(new Decision.Warning(FAIL_OPEN, "policy not applied to the request (fail open): " + reason)), Map.of(),
        List.of(), Enums.LogLevel.FULL, List.of(), List.of());
    List<List<Detection>> none = in.messages().stream().map(m -> List.<Detection>of()).toList();
    return new RequestEvaluation(snapshot, in, rf, decision, none, in.messages(),
        in.messages().stream().map(m -> List.<Redactor.Applied>of()).toList(), new Pseudonyms());
  }

  /** The answer as it came (pseudonyms restored), for a gateway failing open after {@link #response} failed. */
  public ResponseEvaluation unchecked(RequestEvaluation request, ResponseInput in, String reason) {
    FactsAssembler facts = new FactsAssembler(request.input(), request.facts().getPrompt().getTokens(), catalog,
        request.facts().getInjection(), request.facts().getSafety());
    facts.model(in.servedModel());
    facts.response(in.tokens().isPresent() ? in.tokens().getAsInt() : tokens.count(in.text()), in.finishReason(), 0);
    ResponseFacts rf = facts.responseFacts(request.facts(), in.text(), List.of(), request.snapshot().detectors(),
        request.snapshot().patterns());
    Decision decision = new Decision(Enums.Phase.RESPONSE, Optional.empty(), Map.of(),
        Decision.Routing.asked(in.servedModel()), List.of(),
        List.of(new Decision.Warning(FAIL_OPEN, "policy not applied to the answer (fail open): " + reason)), Map.of(),
        List.of(), Enums.LogLevel.FULL, List.of(), List.of());
    return new ResponseEvaluation(decision, rf, List.of(), List.of(), request.pseudonyms().restore(in.text()),
        in.parts().stream().map(request.pseudonyms()::restore).toList());
  }

  /** The rule name of the warning a fail-open evaluation carries. */
  public static final String FAIL_OPEN = "fail-open";

  // ------------------------------------------------------------------ response

  public ResponseEvaluation response(RequestEvaluation request, ResponseInput in) {
    long t0 = System.nanoTime();
    PolicySnapshot snapshot = request.snapshot();
    DetectorSuite suite = snapshot.detectors();
    // each part is scanned on its own, as each request message is; the rules see them joined
    List<List<Detection>> perPart = new ArrayList<>();
    List<Detection> found = new ArrayList<>();
    int offset = 0;
    Supplier<Safety> answerSafety = beside(in.text().length(), suite.safety(Enums.Phase.RESPONSE).isPresent(),
        () -> suite.safety(Enums.Phase.RESPONSE).map(s -> s.score(in.text())).orElse(request.facts().getSafety()));
    for (String part : in.parts()) {
      List<Detection> inPart = suite.scan(part);
      perPart.add(inPart);
      int at = offset;
      inPart.forEach(d -> found.add(d.shifted(at)));
      offset += part.length() + 1;
    }
    FactsAssembler facts = new FactsAssembler(request.input(), request.facts().getPrompt().getTokens(), catalog,
        request.facts().getInjection(), answerSafety.get());
    facts.model(in.servedModel());
    facts.response(in.tokens().isPresent() ? in.tokens().getAsInt() : tokens.count(in.text()), in.finishReason(),
        Overlap.share(request.facts().getSystem().getText(), in.text()));
    facts.override(in.overrides(), Enums.Phase.RESPONSE);
    ResponseFacts rf = facts.responseFacts(request.facts(), in.text(), found, suite, snapshot.patterns());
    long t1 = System.nanoTime();
    Decision decision = decide(snapshot, rf, Enums.Phase.RESPONSE, passingTypes(suite, found), in.servedModel(),
        request.input().allowedModels());
    long t2 = System.nanoTime();
    Map<String, Enums.RedactOp> ops = ops(decision);
    List<Redactor.Applied> applied = new ArrayList<>();
    List<String> toCaller = new ArrayList<>();
    offset = 0;
    for (int i = 0; i < in.parts().size(); i++) {
      String part = in.parts().get(i);
      Redactor.Result r = redactor.apply(part, toRedact(suite, decision, part, perPart.get(i)), ops,
          request.pseudonyms());
      int at = offset;
      r.applied().forEach(a -> applied.add(new Redactor.Applied(a.type(), a.op(), a.start() + at, a.end() + at)));
      toCaller.add(request.pseudonyms().restore(r.text()));
      offset += part.length() + 1;
    }
    return new ResponseEvaluation(decision, rf, found, applied, String.join("\n", toCaller), toCaller,
        new Timings(t1 - t0, t2 - t1, System.nanoTime() - t2));
  }

  /**
   * The messages' texts (or the system messages' alone) joined by newlines, made in one copy;
   * empty texts before the first that is not are left out, newline and all.
   */
  private static String joined(List<ChatMessage> messages, boolean systemOnly) {
    int first = -1;
    int count = 0;
    for (int k = 0; k < messages.size(); k++) {
      ChatMessage m = messages.get(k);
      if (systemOnly && !m.isSystem()) {
        continue;
      }
      if (first < 0 && !m.content().isEmpty()) {
        first = k;
      }
      count += first < 0 ? 0 : 1;
    }
    if (count <= 1) {
      return first < 0 ? "" : messages.get(first).content();
    }
    String[] texts = new String[count];
    int n = 0;
    for (int k = first; k < messages.size(); k++) {
      ChatMessage m = messages.get(k);
      if (!systemOnly || m.isSystem()) {
        texts[n++] = m.content();
      }
    }
    return String.join("\n", texts);
  }

  /** What the request's classifiers found. */
  private record Scores(Injection injection, Safety safety) {
  }

  /**
   * {@code work} started on the classifiers' executor when there is one, the text is long
   * enough and there is work at all, so it runs while the caller detects entities; otherwise
   * done on the calling thread when asked for. Asking waits for it and rethrows what it threw.
   */
  private <T> Supplier<T> beside(int length, boolean any, Supplier<T> work) {
    if (!any || length < PARALLEL_FROM || classifiers.isEmpty()) {
      return work;
    }
    CompletableFuture<T> running;
    try {
      running = CompletableFuture.supplyAsync(work, classifiers.get());
    } catch (RejectedExecutionException e) {
      return work;
    }
    return () -> {
      try {
        return running.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw e;
      }
    };
  }

  /**
   * Injection is looked for in what callers and tools wrote, not in the operator's system
   * prompt: the highest score of any such message, with every signal that fired.
   */
  private static Injection strongest(List<ChatMessage> messages, List<TextViews> views, InjectionScorer scorer) {
    double score = 0;
    Set<String> signals = new LinkedHashSet<>();
    for (int k = 0; k < messages.size(); k++) {
      if (messages.get(k).isSystem()) {
        continue;
      }
      Injection i = scorer.score(views.get(k));
      score = Math.max(score, i.score());
      signals.addAll(i.signals());
    }
    return new Injection(score, List.copyOf(signals));
  }

  /** Per category, the highest safety score of any message. */
  private static Safety worst(List<TextViews> messages, SafetyScorer scorer) {
    double hate = 0;
    double violence = 0;
    double selfHarm = 0;
    double sexual = 0;
    for (TextViews m : messages) {
      Safety s = scorer.score(m);
      hate = Math.max(hate, s.hate());
      violence = Math.max(violence, s.violence());
      selfHarm = Math.max(selfHarm, s.selfHarm());
      sexual = Math.max(sexual, s.sexual());
    }
    return new Safety(hate, violence, selfHarm, sexual);
  }

  // ------------------------------------------------------------------ the rules

  /**
   * Runs the phase's rules on ready facts in a fresh session; detection is not part of this.
   *
   * <p>The candidate models a {@code route where} is checked against are inserted only once a
   * rule with one has fired, and the rules fire again: each {@code route where} is a DRL rule
   * with its rule's own pattern on the facts (DrlEmitter), which nothing changes, so it matches
   * a candidate exactly when its rule fired, and the decision reads which candidates it admitted
   * only for rules that fired. A request no such rule applies to (a caller outside the EU, with
   * eu-residency) is spared a fact per catalog model.
   */
  public Decision decide(PolicySnapshot snapshot, Facts facts, Enums.Phase phase, Set<String> detectedTypes,
      String model, Set<String> allowed) {
    Firings firings = new Firings();
    KieSession session = snapshot.newSession();
    try {
      session.setGlobal(dev.warden.dsl.emit.FactModel.GLOBAL, firings);
      session.insert(facts);
      session.fireAllRules();
      if (phase == Enums.Phase.REQUEST && snapshot.routesWhere() && routedWhere(snapshot, firings)) {
        // candidates of the kind asked for: routing never swaps a chat model for an embedding one
        boolean embeddings = catalog.get(model).map(ModelSpec::embedding).orElse(false);
        for (ModelSpec m : catalog.models()) {
          if (m.embedding() == embeddings && (allowed.isEmpty() || allowed.contains(m.name()))) {
            session.insert(m);
          }
        }
        session.fireAllRules();
      }
    } finally {
      session.dispose();
    }
    return Combiner.combine(snapshot, phase, firings, facts, detectedTypes,
        new Combiner.RoutingContext(model, catalog, allowed, latency));
  }

  /** Whether a rule that fired has a {@code route where} with a condition. */
  private static boolean routedWhere(PolicySnapshot snapshot, Firings firings) {
    for (int k = 0; k < firings.count(); k++) {
      if (snapshot.routesWhere(firings.fired(k))) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Enums.RedactOp> ops(Decision d) {
    Map<String, Enums.RedactOp> ops = new HashMap<>();
    d.redactions().forEach((type, r) -> ops.put(type, r.op()));
    return ops;
  }

  /**
   * The detections to rewrite: those at their type's threshold, less the values the pack of
   * the rule that chose the type's operator allows.
   */
  private static List<Detection> toRedact(DetectorSuite suite, Decision decision, String text, List<Detection> ds) {
    List<Detection> out = new ArrayList<>();
    for (Detection d : ds) {
      Decision.Redaction r = decision.redactions().get(d.type());
      if (r == null || !suite.passes(d)) {
        continue;
      }
      String pack = r.rule().substring(0, Math.max(0, r.rule().indexOf('/')));
      if (!suite.allows(pack, d.type(), text.substring(d.start(), d.end()))) {
        out.add(d);
      }
    }
    return out;
  }

  private static Set<String> passingTypes(DetectorSuite suite, List<Detection> ds) {
    Set<String> types = new LinkedHashSet<>();
    for (Detection d : ds) {
      if (suite.passes(d)) {
        types.add(d.type());
      }
    }
    return types;
  }
}
