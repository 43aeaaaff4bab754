package dev.warden.cli;

import dev.warden.dsl.model.Enums;
import dev.warden.engine.detect.Detection;
import dev.warden.engine.eval.ChatMessage;
import dev.warden.engine.eval.Decision;
import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.eval.ResponseEvaluation;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A decision as people read it: the verdict first, then model, redactions and the trace. */
final class ExplainText {
  private ExplainText() {}

  static String of(RequestEvaluation r, Optional<ResponseEvaluation> resp) {
    StringBuilder b = new StringBuilder();
    Decision d = r.decision();
    b.append("revision   ").append(r.snapshot().revision()).append('\n');
    b.append("decision   ").append(verdict(d)).append('\n');
    Decision.Routing route = d.routing();
    b.append("model      asked ").append(show(route.asked())).append(", served ")
        .append(route.chosen().map(ExplainText::show).orElse("none")).append(" (").append(route.reason()).append(")\n");
    if (!route.fallbacks().isEmpty()) {
      b.append("fallbacks  ").append(String.join(", ", route.fallbacks())).append('\n');
    }
    d.downgrades().forEach(x -> b.append("downgrade  to ").append(x.models()).append(" by ").append(x.rule()).append('\n'));
    d.redactions().forEach((type, red) -> b.append("redact     ").append(type).append(" using ")
        .append(Enums.word(red.op())).append(" (").append(red.rule()).append(")\n"));
    d.warnings().forEach(w -> b.append("warn       \"").append(w.message()).append("\" (").append(w.rule()).append(")\n"));
    d.tags().forEach((k, v) -> b.append("tag        ").append(k).append(" = ").append(v).append('\n'));
    d.limits().forEach(l -> b.append("limit      ").append(limit(l, r.input().principal().key())).append('\n'));
    b.append("log        ").append(Enums.word(d.log())).append('\n');
    b.append("detected   ").append(detections(r.detections().stream().flatMap(List::stream).toList(), r)).append('\n');
    if (r.snapshot().detectors().injection().isPresent() || r.facts().getInjection().score() > 0) {
      var inj = r.facts().getInjection();
      b.append(String.format(Locale.ROOT, "injection  %.2f", inj.score()))
          .append(inj.signals().isEmpty() ? "" : " (" + String.join(", ", inj.signals()) + ")").append('\n');
    }
    if (r.snapshot().detectors().safety(Enums.Phase.REQUEST).isPresent()) {
      var s = r.facts().getSafety();
      b.append(String.format(Locale.ROOT, "safety     hate %.2f, violence %.2f, self_harm %.2f, sexual %.2f%n",
          s.hate(), s.violence(), s.selfHarm(), s.sexual()));
    }
    d.wouldHave().forEach(w -> b.append("monitor    ").append(w.rule()).append(" would have: ").append(w.action())
        .append('\n'));
    b.append("\nprompt as sent to the model:\n");
    if (!d.allowed()) {
      b.append("  (nothing: the request is blocked)\n");
    } else {
      for (ChatMessage m : r.redactedMessages()) {
        b.append("  [").append(m.role()).append("] ").append(m.content().replace("\n", "\n  ")).append('\n');
      }
    }
    trace(b, "fired request rules", d.trace());
    resp.ifPresent(x -> {
      b.append("\nresponse   ").append(verdict(x.decision())).append('\n');
      x.decision().redactions().forEach((type, red) -> b.append("redact     ").append(type).append(" using ")
          .append(Enums.word(red.op())).append(" (").append(red.rule()).append(")\n"));
      x.decision().warnings().forEach(w -> b.append("warn       \"").append(w.message()).append("\"\n"));
      b.append("answer to the caller:\n  ").append(x.decision().allowed() ? x.toCaller() : "(blocked)").append('\n');
      trace(b, "fired response rules", x.decision().trace());
    });
    return b.toString();
  }

  /**
   * A limit as the gateway applies it: on its scope's value, or, for a caller with no value for
   * the scope (a key made without a user, say), on the caller's own key, as {@code RateLimits}
   * does, rather than a bucket named {@code user ""}.
   */
  static String limit(Decision.Limit l, String key) {
    String amount = l.amount() + " " + Enums.word(l.unit()) + " per " + Enums.word(l.per()) + " (" + l.rule() + ")";
    String scope = Enums.word(l.scope());
    if (!l.subject().isEmpty()) {
      return scope + " \"" + l.subject() + "\" " + amount;
    }
    String own = key.isEmpty() ? "key (the caller's own; no --key given)" : "key \"" + key + "\"";
    if (l.scope() == Enums.Scope.KEY) {
      return own + " " + amount;
    }
    return own + " " + amount + ": the caller has no " + scope + ", so the " + scope + " limit applies to its key"
        + " alone";
  }

  private static String verdict(Decision d) {
    return d.block().map(x -> "BLOCK " + x.status() + " \"" + x.message() + "\" by " + x.rule()
        + (x.origin().isEmpty() ? "" : " at " + x.origin())).orElse("ALLOW");
  }

  private static void trace(StringBuilder b, String title, List<Decision.FiredRule> trace) {
    b.append('\n').append(title).append(trace.isEmpty() ? ": none\n" : ":\n");
    int i = 1;
    for (Decision.FiredRule f : trace) {
      b.append(String.format(Locale.ROOT, "  %d. %s  %s  priority %d%s%n", i++, f.rule(), f.origin(), f.priority(),
          f.mode() == Enums.Mode.MONITOR ? "  (monitor)" : ""));
      f.actions().forEach(a -> b.append("       then ").append(a).append('\n'));
    }
  }

  private static String detections(List<Detection> ds, RequestEvaluation r) {
    if (ds.isEmpty()) {
      return "nothing";
    }
    Map<String, int[]> counts = new TreeMap<>();
    for (Detection d : ds) {
      int[] c = counts.computeIfAbsent(d.type(), k -> new int[2]);
      c[0]++;
      if (r.snapshot().detectors().passes(d)) {
        c[1]++;
      }
    }
    StringBuilder b = new StringBuilder();
    counts.forEach((type, c) -> b.append(b.isEmpty() ? "" : ", ").append(type).append(" x").append(c[1])
        .append(c[0] > c[1] ? " (+" + (c[0] - c[1]) + " below threshold)" : ""));
    return b.toString();
  }

  private static String show(String model) {
    return model.isEmpty() ? "(none)" : model;
  }
}
