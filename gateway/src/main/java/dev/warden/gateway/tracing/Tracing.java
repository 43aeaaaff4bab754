package dev.warden.gateway.tracing;

import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.eval.Timings;
import dev.warden.gateway.audit.RequestRecord;
import dev.warden.gateway.config.Observability;
import dev.warden.gateway.providers.Upstreams;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry traces: one span per API request ({@code SERVER}, a child of the caller's
 * {@code traceparent} when it sent one) with children for detection, the request rules,
 * redaction, each upstream attempt and each check of the answer. The spans are made when the
 * request ends, from the times its {@link RequestRecord} holds, so tracing costs the request
 * path nothing while it runs. Attributes are ids, rule names, models and counts: never text
 * from a request or an answer. Off unless {@code tracing.exporter: otlp}.
 */
public final class Tracing implements AutoCloseable {
  static final String SCOPE = "dev.warden.gateway";
  private final SdkTracerProvider provider;
  private final Tracer tracer;

  private Tracing(SdkTracerProvider provider) {
    this.provider = provider;
    this.tracer = provider.get(SCOPE);
  }

  /** Traces exported over OTLP/HTTP as configured, batched off the request path. */
  public static Tracing otlp(Observability.Tracing config) {
    SpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(config.endpoint().toString()).build();
    return new Tracing(provider(config.serviceName(), config.ratio(), BatchSpanProcessor.builder(exporter).build()));
  }

  /** Traces handed to {@code exporter} as each span ends (tests: the SDK's in-memory exporter). */
  public static Tracing to(SpanExporter exporter, String serviceName) {
    return new Tracing(provider(serviceName, 1.0, SimpleSpanProcessor.create(exporter)));
  }

  private static SdkTracerProvider provider(String service, double ratio, SpanProcessor processor) {
    return SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"),
            service))))
        .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
        .addSpanProcessor(processor)
        .build();
  }

  /** The spans of one finished request. */
  public void record(RequestRecord r) {
    Context parent = parent(r.traceparent());
    long origin = r.time().getEpochSecond() * 1_000_000_000L + r.time().getNano() - r.startNanos();
    Span root = tracer.spanBuilder("warden " + (r.endpoint().isEmpty() ? "request" : r.endpoint()))
        .setParent(parent).setSpanKind(SpanKind.SERVER)
        .setStartTimestamp(origin + r.startNanos(), TimeUnit.NANOSECONDS).startSpan();
    root.setAttribute("http.route", r.path());
    root.setAttribute("http.response.status_code", r.status());
    root.setAttribute("warden.request_id", r.id());
    root.setAttribute("warden.outcome", r.outcome());
    r.key().ifPresent(k -> root.setAttribute("warden.key", k.id()));
    if (!r.servedModel().isEmpty()) {
      root.setAttribute("warden.model.served", r.servedModel());
    }
    r.promptTokens().ifPresent(t -> root.setAttribute("warden.tokens.prompt", t));
    r.completionTokens().ifPresent(t -> root.setAttribute("warden.tokens.completion", t));
    r.error().ifPresent(e -> {
      root.setAttribute("warden.error.code", e.code());
      if (r.status() >= 500) {
        root.setStatus(StatusCode.ERROR, e.code());
      }
    });
    Context inRoot = parent.with(root);
    r.request().ifPresent(e -> evaluation(inRoot, e, origin, r.decidedAtNanos()));
    for (RequestRecord.TimedAttempt t : r.timedAttempts()) {
      Upstreams.Attempt a = t.attempt();
      long end = origin + t.endNanos();
      Span s = tracer.spanBuilder("warden upstream " + a.model()).setParent(inRoot).setSpanKind(SpanKind.CLIENT)
          .setStartTimestamp(end - a.micros() * 1000, TimeUnit.NANOSECONDS).startSpan();
      s.setAttribute("warden.provider", a.provider());
      s.setAttribute("warden.model", a.model());
      s.setAttribute("http.response.status_code", a.status());
      if (!a.outcome().equals("ok")) {
        s.setStatus(StatusCode.ERROR, a.status() == 0 ? "no answer" : "status " + a.status());
      }
      s.end(end, TimeUnit.NANOSECONDS);
    }
    for (RequestRecord.Check c : r.checks()) {
      Timings t = c.evaluation().timings();
      long end = origin + c.atNanos();
      Span s = tracer.spanBuilder("warden response check").setParent(inRoot)
          .setStartTimestamp(end - t.totalNanos(), TimeUnit.NANOSECONDS).startSpan();
      s.setAttribute("warden.response.chars", c.input().text().length());
      s.setAttribute("warden.rules.fired", c.evaluation().decision().trace().size());
      c.evaluation().decision().block().ifPresent(b -> s.setAttribute("warden.blocked_by", b.rule()));
      phases(parent.with(s), t, end - t.totalNanos());
      s.end(end, TimeUnit.NANOSECONDS);
    }
    root.end(origin + r.endNanos(), TimeUnit.NANOSECONDS);
  }

  private void evaluation(Context in, RequestEvaluation e, long origin, long decidedAt) {
    Timings t = e.timings();
    long end = origin + decidedAt;
    Span s = tracer.spanBuilder("warden request rules").setParent(in)
        .setStartTimestamp(end - t.totalNanos(), TimeUnit.NANOSECONDS).startSpan();
    s.setAttribute("warden.revision", e.snapshot().revision());
    s.setAttribute("warden.rules.fired", e.decision().trace().size());
    e.decision().block().ifPresent(b -> s.setAttribute("warden.blocked_by", b.rule()));
    e.decision().routing().chosen().ifPresent(m -> s.setAttribute("warden.model.chosen", m));
    phases(in.with(s), t, end - t.totalNanos());
    s.end(end, TimeUnit.NANOSECONDS);
  }

  /** detection, decision, redaction: consecutive children of an evaluation's span. */
  private void phases(Context in, Timings t, long start) {
    long at = start;
    at = child(in, "warden detect", at, t.detectNanos());
    at = child(in, "warden decide", at, t.decideNanos());
    child(in, "warden redact", at, t.redactNanos());
  }

  private long child(Context in, String name, long start, long nanos) {
    Span s = tracer.spanBuilder(name).setParent(in).setStartTimestamp(start, TimeUnit.NANOSECONDS).startSpan();
    s.end(start + nanos, TimeUnit.NANOSECONDS);
    return start + nanos;
  }

  /**
   * The caller's span from a W3C {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>});
   * the root context when there is none or it is malformed.
   */
  static Context parent(String traceparent) {
    String[] p = traceparent.strip().split("-");
    if (p.length < 4 || p[0].length() != 2 || p[0].equals("ff") || p[3].length() != 2
        || !TraceId.isValid(p[1]) || !SpanId.isValid(p[2]) || !p[3].matches("[0-9a-f]{2}")) {
      return Context.root();
    }
    SpanContext remote = SpanContext.createFromRemoteParent(p[1], p[2], TraceFlags.fromHex(p[3], 0),
        TraceState.getDefault());
    return Context.root().with(Span.wrap(remote));
  }

  @Override
  public void close() {
    provider.close();
  }
}
