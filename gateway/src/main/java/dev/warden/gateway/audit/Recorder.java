package dev.warden.gateway.audit;

import dev.warden.gateway.api.ApiError;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where every API request's {@link RequestRecord} begins and ends. At the end the record is
 * frozen and committed to the audit log (which may refuse the request: fail closed), then
 * counted in the metrics, drawn as a trace and offered to the shadow pack set, in that order,
 * so each of them sees the request's final outcome. Endpoints commit before they send a
 * response, so that in {@code sync} mode the record is on disk before the caller has its answer.
 */
public final class Recorder {
  private final Clock clock;
  private final Optional<AuditLog> audit;
  private final List<Consumer<RequestRecord>> observers;

  /** @param observers the metrics, the tracer, the shadow runner: told of each finished request, must not throw */
  public Recorder(Clock clock, Optional<AuditLog> audit, List<Consumer<RequestRecord>> observers) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.observers = List.copyOf(observers);
  }

  public RequestRecord start(String id, String path, String traceparent) {
    RequestRecord r = new RequestRecord(id, clock.instant(), System.nanoTime(), path);
    r.traceparent(traceparent);
    return r;
  }

  /** Refuses the request at once (503) when the audit log cannot take its record and fails closed. */
  public void admit() {
    audit.ifPresent(AuditLog::admit);
  }

  /**
   * Ends the request's record and hands it on. Throws the audit log's {@link ApiError} (503)
   * when it fails closed; the record then says so and the caller must get that error. Does
   * nothing for a record already committed.
   */
  public void commit(RequestRecord r) {
    if (r.frozen()) {
      return;
    }
    r.freeze(System.nanoTime());
    long t0 = System.nanoTime();
    try {
      audit.ifPresent(a -> a.commit(r));
    } finally {
      if (audit.isPresent()) {
        r.auditWait(System.nanoTime() - t0);
      }
      for (Consumer<RequestRecord> o : observers) {
        try {
          o.accept(r);
        } catch (RuntimeException e) {
          System.getLogger("warden.audit").log(System.Logger.Level.WARNING, "an observer of request " + r.id()
              + " failed", e);
        }
      }
    }
  }

  public Optional<AuditLog> audit() {
    return audit;
  }
}
