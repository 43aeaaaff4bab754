package dev.warden.gateway.metrics;

import dev.warden.dsl.model.Enums;
import dev.warden.engine.detect.Detection;
import dev.warden.engine.eval.Decision;
import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.redact.Redactor;
import dev.warden.gateway.audit.RequestRecord;
import dev.warden.gateway.providers.Upstreams;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.DoubleSupplier;

/**
 * The gateway's Prometheus metrics, updated once per request from its finished
 * {@link RequestRecord} (a few counter increments and two histogram observations) plus
 * callbacks read at scrape time (pack reloads, the audit queue, exporter backlogs).
 *
 * <p>Label values come only from the configuration and the packs (endpoints, outcomes, status
 * codes, rule ids, entity types, catalog models, teams and, when {@code metrics.per_key}, key
 * ids), so their number is bounded; never a request id, a user or text from a request.
 */
public final class GatewayMetrics {
  /** The rule modes' label values, made once rather than per fired rule and request. */
  private static final String[] MODES = Arrays.stream(Enums.Mode.values()).map(Enums::word).toArray(String[]::new);

  private static final double[] OVERHEAD_BUCKETS = {0.00005, 0.0001, 0.00015, 0.0002, 0.00025, 0.0003, 0.0004, 0.0005,
      0.00075, 0.001, 0.0015, 0.002, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};
  /**
   * From 1 us: the audit log's wait is an enqueue (async) or a group commit (sync, an
   * fdatasync); budgets and limits are in-process operations or round trips to PostgreSQL/Redis.
   */
  private static final double[] AUDIT_BUCKETS = {0.000001, 0.0000025, 0.000005, 0.00001, 0.000025, 0.00005, 0.0001,
      0.0002, 0.0003, 0.0005, 0.001, 0.0015, 0.002, 0.003, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};
  /** Budgets and limits: finer around the 0.5 ms and 2 ms the issue allows them. */
  private static final double[] FINANCE_BUCKETS = {0.00001, 0.000025, 0.00005, 0.0001, 0.0002, 0.0003, 0.0005, 0.00075,
      0.001, 0.0015, 0.002, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1};
  private static final double[] UPSTREAM_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
      120};
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final boolean perKey;
  private final Counter requests;
  private final Counter blocks;
  private final Counter redactions;
  private final Counter detections;
  private final Counter fired;
  private final Counter tokens;
  private final Counter cost;
  private final Histogram overhead;
  private final Histogram upstream;
  private final Histogram auditWait;
  private final Histogram auditFsync;
  private final Histogram financeWait;
  private final Histogram financePhase;
  private final Counter upstreamErrors;
  private final Counter failovers;
  /**
   * The data points observed on every request, by label value, kept once looked up (the
   * histogram's own look-up builds and checks a label list per call): each phase's, and per
   * endpoint the overhead's, the finance wait's and the audit wait's.
   */
  private final AtomicReferenceArray<DistributionDataPoint> phases =
      new AtomicReferenceArray<>(RequestRecord.FinancePhase.values().length);
  private final Map<String, AtomicReferenceArray<DistributionDataPoint>> byEndpoint = new ConcurrentHashMap<>();

  public GatewayMetrics(boolean perKey) {
    this.perKey = perKey;
    JvmMetrics.builder().register(registry);
    requests = Counter.builder().name("warden_requests").help("API requests by endpoint, outcome and status")
        .labelNames("endpoint", "outcome", "status").register(registry);
    blocks = Counter.builder().name("warden_blocks").help("Requests refused or answers withheld, by the rule that"
        + " decided and the phase").labelNames("rule", "phase").register(registry);
    redactions = Counter.builder().name("warden_redactions").help("Values rewritten, by entity type, the rule that"
        + " chose the operator, and the phase").labelNames("entity", "rule", "phase").register(registry);
    detections = Counter.builder().name("warden_detections").help("Entities detected, by type and phase")
        .labelNames("entity", "phase").register(registry);
    fired = Counter.builder().name("warden_rule_fired").help("Rules that fired, by rule and mode (monitor: would have)")
        .labelNames("rule", "mode").register(registry);
    tokens = Counter.builder().name("warden_tokens").help("Tokens by team, served model and kind (prompt, completion)")
        .labelNames(perKey ? new String[] {"team", "model", "kind", "key"} : new String[] {"team", "model", "kind"})
        .register(registry);
    cost = Counter.builder().name("warden_cost_usd").help("Spend in USD by team and served model (when metered)")
        .labelNames(perKey ? new String[] {"team", "model", "key"} : new String[] {"team", "model"}).register(registry);
    overhead = Histogram.builder().name("warden_gateway_overhead_seconds").help("Time a request spent in the gateway"
        + " itself (total less upstream), by endpoint").unit(Unit.SECONDS).classicOnly()
        .classicUpperBounds(OVERHEAD_BUCKETS).labelNames("endpoint").register(registry);
    upstream = Histogram.builder().name("warden_upstream_seconds").help("Time of each upstream attempt, by provider"
        + " and model").unit(Unit.SECONDS).classicOnly().classicUpperBounds(UPSTREAM_BUCKETS)
        .labelNames("provider", "model").register(registry);
    auditWait = Histogram.builder().name("warden_audit_wait_seconds").help("Time a request waited for the audit log"
        + " to take its record (async: the enqueue; sync: until it was on disk), by endpoint").unit(Unit.SECONDS)
        .classicOnly().classicUpperBounds(AUDIT_BUCKETS).labelNames("endpoint").register(registry);
    auditFsync = Histogram.builder().name("warden_audit_fsync_seconds").help("Time of each fdatasync of the audit"
        + " log (sync mode: one per group commit, which the requests in it wait for; async: the periodic one): the"
        + " disk's share of the sync wait").unit(Unit.SECONDS).classicOnly().classicUpperBounds(AUDIT_BUCKETS)
        .register(registry);
    financeWait = Histogram.builder().name("warden_finance_wait_seconds").help("Time a request spent on budgets and"
        + " rate limits before and after its upstream call (budget facts, limits, reservation, settlement), by"
        + " endpoint").unit(Unit.SECONDS).classicOnly().classicUpperBounds(FINANCE_BUCKETS).labelNames("endpoint")
        .register(registry);
    financePhase = Histogram.builder().name("warden_finance_phase_seconds").help("The parts of"
        + " warden_finance_wait_seconds, by phase: budgets (the snapshot), pending_settlements (the wait for this"
        + " replica's settlements of the same budgets), facts (the counters' spend), reserve_counters,"
        + " reservation_row (the store), limits (asking, then waiting for the rate limit buckets), settle; each"
        + " request observes the phases it ran").unit(Unit.SECONDS).classicOnly().classicUpperBounds(FINANCE_BUCKETS)
        .labelNames("phase").register(registry);
    upstreamErrors = Counter.builder().name("warden_upstream_errors").help("Failed upstream attempts by provider,"
        + " model and status (0: no answer)").labelNames("provider", "model", "status").register(registry);
    failovers = Counter.builder().name("warden_failovers").help("Requests served by another model than the first"
        + " candidate after it failed, by the model that failed and the one that served")
        .labelNames("from", "to").register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** A gauge read at scrape time. */
  public void gauge(String name, String help, DoubleSupplier value) {
    GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble())).register(registry);
  }

  /** A counter kept elsewhere (a pack set's reloads, an exporter's sent records), read at scrape time. */
  public void counter(String name, String help, DoubleSupplier value) {
    CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble())).register(registry);
  }

  /** A labelled gauge read at scrape time: each call of {@code values} reports (value, label values...). */
  public void gauge(String name, String help, String[] labels, java.util.function.Consumer<GaugeWithCallback.Callback> values) {
    GaugeWithCallback.builder().name(name).help(help).labelNames(labels).callback(values).register(registry);
  }

  /** A labelled counter kept elsewhere, read at scrape time. */
  public void counter(String name, String help, String[] labels,
      java.util.function.Consumer<CounterWithCallback.Callback> values) {
    CounterWithCallback.builder().name(name).help(help).labelNames(labels).callback(values).register(registry);
  }

  /** One force of the audit log to disk, in nanoseconds. */
  public void auditFsync(long nanos) {
    auditFsync.observe(nanos / 1e9);
  }

  /** Counts one finished request. */
  public void observe(RequestRecord r) {
    String endpoint = r.endpoint().isEmpty() ? "unknown" : r.endpoint();
    requests.labelValues(endpoint, r.outcome(), Integer.toString(r.status())).inc();
    AtomicReferenceArray<DistributionDataPoint> of = byEndpoint.computeIfAbsent(endpoint,
        e -> new AtomicReferenceArray<>(3));
    point(of, 0, overhead, endpoint).observe(r.gatewayNanos() / 1e9);
    point(of, 1, financeWait, endpoint).observe(r.financeNanos() / 1e9);
    for (RequestRecord.FinancePhase p : PHASES) {
      long nanos = r.financePhaseNanos(p);
      if (nanos >= 0) {
        point(phases, p.ordinal(), financePhase, p.label()).observe(nanos / 1e9);
      }
    }
    if (r.auditNanos() >= 0) {
      point(of, 2, auditWait, endpoint).observe(r.auditNanos() / 1e9);
    }
    for (Upstreams.Attempt a : r.attempts()) {
      if (a.status() == 200 && a.outcome().equals("ok")) {
        upstream.labelValues(a.provider(), a.model()).observe(a.micros() / 1e6);
      } else {
        upstreamErrors.labelValues(a.provider(), a.model(), Integer.toString(a.status())).inc();
      }
    }
    List<Upstreams.Attempt> attempts = r.attempts();
    if (!r.servedModel().isEmpty() && !attempts.isEmpty() && !attempts.getFirst().model().equals(r.servedModel())) {
      failovers.labelValues(attempts.getFirst().model(), r.servedModel()).inc();
    }
    r.request().ifPresent(e -> request(r, e));
    r.lastCheck().ifPresent(c -> decision(c.evaluation().decision(), "response", c.evaluation().detections(),
        c.evaluation().applied()));
  }

  private static final RequestRecord.FinancePhase[] PHASES = RequestRecord.FinancePhase.values();

  /**
   * The histogram's data point of one label value, kept in {@code points} at {@code i} once looked up; a
   * race looks it up twice and stores the same point (the histogram keeps one per label value).
   * Looked up on first use, so a series appears when first observed, as before.
   */
  private static DistributionDataPoint point(AtomicReferenceArray<DistributionDataPoint> points, int i, Histogram h,
      String label) {
    DistributionDataPoint p = points.get(i);
    if (p == null) {
      p = h.labelValues(label);
      points.set(i, p);
    }
    return p;
  }

  private void request(RequestRecord r, RequestEvaluation e) {
    decision(e.decision(), "request", e.detections().stream().flatMap(List::stream).toList(),
        e.applied().stream().flatMap(List::stream).toList());
    String team = e.facts().getPrincipal().team();
    String model = r.servedModel().isEmpty() ? "none" : r.servedModel();
    String key = e.facts().getPrincipal().key();
    r.promptTokens().ifPresent(t -> tokens(team, model, "prompt", key).inc(t));
    r.completionTokens().ifPresent(t -> tokens(team, model, "completion", key).inc(t));
    r.meteringInfo().costUsd().ifPresent(c -> (perKey ? cost.labelValues(team, model, key)
        : cost.labelValues(team, model)).inc(c));
  }

  private io.prometheus.metrics.core.datapoints.CounterDataPoint tokens(String team, String model, String kind,
      String key) {
    return perKey ? tokens.labelValues(team, model, kind, key) : tokens.labelValues(team, model, kind);
  }

  private void decision(Decision d, String phase, List<Detection> found, List<Redactor.Applied> applied) {
    d.block().ifPresent(b -> blocks.labelValues(b.rule(), phase).inc());
    for (Decision.FiredRule f : d.trace()) {
      fired.labelValues(f.rule(), MODES[f.mode().ordinal()]).inc();
    }
    for (Detection x : found) {
      detections.labelValues(x.type(), phase).inc();
    }
    for (Redactor.Applied a : applied) {
      Decision.Redaction red = d.redactions().get(a.type());
      redactions.labelValues(a.type(), red == null ? "" : red.rule(), phase).inc();
    }
  }
}
