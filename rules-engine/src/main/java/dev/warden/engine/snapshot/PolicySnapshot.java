package dev.warden.engine.snapshot;

import com.google.re2j.Pattern;
import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.emit.Drl;
import dev.warden.dsl.model.Act;
import dev.warden.dsl.model.Program;
import dev.warden.dsl.source.SourceFile;
import dev.warden.dsl.emit.ActionText;
import dev.warden.dsl.model.RuleDef;
import dev.warden.engine.detect.DetectorSuite;
import dev.warden.engine.eval.Decision;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;

/**
 * One compiled, immutable set of packs: the checked program, the emitted DRL with its source
 * map, the Drools KieBase built from it, the detectors and patterns its rules need, and its
 * revision (a hash of every source file). Thread-safe; every evaluation opens its own session
 * ({@link #newSession}).
 */
public final class PolicySnapshot {
  private final Program program;
  private final Drl drl;
  private final KieBase kieBase;
  private final KieSessionsPool sessions;
  private final DetectorSuite detectors;
  private final Map<String, Pattern> patterns;
  private final String revision;
  private final Instant loadedAt;
  private final List<SourceFile> sources;
  private final List<Diagnostic> warnings;
  private final boolean routesWhere;
  private final boolean[] constrains;
  private final List<Decision.FiredRule> traces;

  PolicySnapshot(Program program, Drl drl, KieBase kieBase, DetectorSuite detectors, Map<String, Pattern> patterns,
      String revision, Instant loadedAt, List<SourceFile> sources, List<Diagnostic> warnings) {
    this.program = Objects.requireNonNull(program, "program");
    this.drl = Objects.requireNonNull(drl, "drl");
    this.kieBase = Objects.requireNonNull(kieBase, "kieBase");
    this.sessions = kieBase.newKieSessionsPool(2);
    this.detectors = Objects.requireNonNull(detectors, "detectors");
    this.patterns = Map.copyOf(patterns);
    this.revision = Objects.requireNonNull(revision, "revision");
    this.loadedAt = Objects.requireNonNull(loadedAt, "loadedAt");
    this.sources = List.copyOf(sources);
    this.warnings = List.copyOf(warnings);
    this.constrains = new boolean[program.rules().size()];
    boolean any = false;
    for (RuleDef r : program.rules()) {
      constrains[r.index()] = r.actions().stream().anyMatch(a -> a instanceof Act.RouteWhere rw && rw.where().isPresent());
      any |= constrains[r.index()];
    }
    this.routesWhere = any;
    this.traces = program.rules().stream().map(PolicySnapshot::trace).toList();
  }

  private static Decision.FiredRule trace(RuleDef r) {
    return new Decision.FiredRule(r.fullId(), r.span().position(), r.priority(), r.mode(),
        r.actions().stream().map(ActionText::of).toList());
  }

  public Program program() {
    return program;
  }

  public Drl drl() {
    return drl;
  }

  public KieBase kieBase() {
    return kieBase;
  }

  /**
   * A session of this snapshot's rules, empty, for one evaluation: from a pool, which grows to as
   * many sessions as evaluations run at once; {@link KieSession#dispose} clears it and gives it
   * back (a new session per evaluation cost a tenth of the routing-only gateway's decision time).
   * An evaluation holds its session only while the rules fire, which does not block, so about as
   * many are in use at once as there are cores (carrier threads), not as requests in flight.
   */
  public KieSession newSession() {
    return sessions.newKieSession();
  }

  public DetectorSuite detectors() {
    return detectors;
  }

  /** RE2/J patterns of {@code matches} conditions, by the key the DRL passes. */
  public Map<String, Pattern> patterns() {
    return patterns;
  }

  /** A hash of every source file (path and content): the same packs, the same revision. */
  public String revision() {
    return revision;
  }

  public Instant loadedAt() {
    return loadedAt;
  }

  public List<SourceFile> sources() {
    return sources;
  }

  /** Warnings found while compiling (errors prevent a snapshot). */
  public List<Diagnostic> warnings() {
    return warnings;
  }

  /**
   * How a decision's trace shows the rule of this index when it fires: its name, origin,
   * priority, mode and actions as written, all fixed by the source, so made once here instead of
   * per firing.
   */
  public Decision.FiredRule trace(int rule) {
    return traces.get(rule);
  }

  /** Whether any rule constrains routing, so candidates must be inserted into sessions. */
  public boolean routesWhere() {
    return routesWhere;
  }

  /**
   * Whether the rule of this index has a {@code route where} with a condition: a DRL rule of its
   * own with the same pattern on the facts, joined with the candidate models.
   */
  public boolean routesWhere(int rule) {
    return constrains[rule];
  }
}
