package dev.warden.engine.snapshot;

import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.DiagnosticPrinter;
import dev.warden.dsl.source.SourceFile;
import dev.warden.engine.catalog.ModelCatalog;
import dev.warden.engine.testing.ReportPrinter;
import dev.warden.engine.testing.RuleTests;
import dev.warden.engine.testing.TestReport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The active pack set of a running gateway and its reloads. A reload reads the pack folder,
 * compiles it, runs the rule tests (a set whose tests fail is not activated) and publishes the
 * new snapshot atomically; on any failure the active snapshot stays and the status says why.
 * Readers take {@link #current()} once per request and keep it to the end. Reloads are
 * serialised; reads never wait.
 */
public final class PackSet {
  private volatile List<Path> packs;
  private volatile List<Path> tests;
  private final ModelCatalog catalog;
  private final Clock clock;
  private final AtomicReference<PolicySnapshot> current = new AtomicReference<>();
  private final AtomicReference<Status> status;
  private final ReentrantLock reloading = new ReentrantLock();

  /** What {@code GET /admin/packs} shows. */
  public record Status(Optional<String> revision, Optional<Instant> loadedAt, List<String> packs, Instant lastAttempt,
      Optional<String> lastError, long reloads, long failedReloads) {
    public Status {
      Objects.requireNonNull(revision, "revision");
      Objects.requireNonNull(loadedAt, "loadedAt");
      packs = List.copyOf(packs);
      Objects.requireNonNull(lastAttempt, "lastAttempt");
      Objects.requireNonNull(lastError, "lastError");
    }
  }

  /** The outcome of one reload. */
  public record Outcome(boolean activated, boolean changed, Optional<String> error) {}

  /**
   * A pack set loaded beside the active one (shadow mode): compiled and, when test folders are
   * given, tested like a reload; its snapshot, or why there is none.
   */
  public record Candidate(Optional<PolicySnapshot> snapshot, List<Path> folders, List<Path> tests,
      Optional<String> error) {
    public Candidate {
      Objects.requireNonNull(snapshot, "snapshot");
      folders = List.copyOf(folders);
      tests = List.copyOf(tests);
      Objects.requireNonNull(error, "error");
    }
  }

  /**
   * @param packs folders (or files) of packs; @param tests folders of rule tests run before a set
   *     is activated (may be empty)
   */
  public PackSet(List<Path> packs, List<Path> tests, ModelCatalog catalog, Clock clock) {
    this.packs = List.copyOf(packs);
    this.tests = List.copyOf(tests);
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.status = new AtomicReference<>(new Status(Optional.empty(), Optional.empty(), List.of(), clock.instant(),
        Optional.of("not loaded yet"), 0, 0));
  }

  /** A pack set that is not reloaded from disk (packs shipped in a jar). */
  public static PackSet fixed(PolicySnapshot snapshot, ModelCatalog catalog, Clock clock) {
    PackSet set = new PackSet(List.of(), List.of(), catalog, clock);
    set.publish(snapshot);
    return set;
  }

  /** The active snapshot; absent only before the first successful load. */
  public Optional<PolicySnapshot> current() {
    return Optional.ofNullable(current.get());
  }

  public Status status() {
    return status.get();
  }

  /** Whether this set is read from folders that can change. */
  public boolean reloadable() {
    return !packs.isEmpty();
  }

  public List<Path> folders() {
    return packs;
  }

  /** The rule-test folders a reload runs. */
  public List<Path> testFolders() {
    return tests;
  }

  /** Loads other folders as the active set would be loaded, without activating them. */
  public Candidate candidate(List<Path> folders, List<Path> testFolders) {
    PackLoader.Loaded loaded = PackLoader.load(folders, Optional.of(catalog.names()), clock);
    if (loaded.snapshot().isEmpty()) {
      return new Candidate(Optional.empty(), folders, testFolders, Optional.of("the packs do not compile:\n"
          + print(loaded.diagnostics(), loaded.sources())));
    }
    if (!testFolders.isEmpty()) {
      List<Path> paths = new java.util.ArrayList<>(folders);
      paths.addAll(testFolders);
      TestReport report = new RuleTests(catalog, clock).run(paths);
      if (!report.ok()) {
        return new Candidate(Optional.empty(), folders, testFolders, Optional.of("the rule tests fail:\n"
            + ReportPrinter.print(report, false)));
      }
    }
    return new Candidate(loaded.snapshot(), folders, testFolders, Optional.empty());
  }

  /**
   * Makes a candidate the active set, atomically (requests take either the old snapshot or the
   * new one); from then on reloads read the candidate's folders and run its tests.
   */
  public void promote(Candidate candidate) {
    PolicySnapshot snapshot = candidate.snapshot()
        .orElseThrow(() -> new IllegalArgumentException("a candidate without a snapshot cannot be promoted"));
    reloading.lock();
    try {
      packs = candidate.folders();
      tests = candidate.tests();
      publish(snapshot);
    } finally {
      reloading.unlock();
    }
  }

  /** Loads the folders, tests the result and activates it if it is good and different. */
  public Outcome reload() {
    reloading.lock();
    try {
      return doReload();
    } finally {
      reloading.unlock();
    }
  }

  private Outcome doReload() {
    Instant attempt = clock.instant();
    List<Path> packs = this.packs;
    List<Path> tests = this.tests;
    PackLoader.Loaded loaded = PackLoader.load(packs, Optional.of(catalog.names()), clock);
    if (loaded.snapshot().isEmpty()) {
      return failed(attempt, "the packs do not compile:\n" + print(loaded.diagnostics(), loaded.sources()));
    }
    PolicySnapshot candidate = loaded.snapshot().get();
    PolicySnapshot active = current.get();
    if (active != null && active.revision().equals(candidate.revision())) {
      status.updateAndGet(s -> new Status(s.revision(), s.loadedAt(), s.packs(), attempt, Optional.empty(), s.reloads(),
          s.failedReloads()));
      return new Outcome(true, false, Optional.empty());
    }
    if (!tests.isEmpty()) {
      List<Path> paths = new java.util.ArrayList<>(packs);
      paths.addAll(tests);
      TestReport report = new RuleTests(catalog, clock).run(paths);
      if (!report.ok()) {
        return failed(attempt, "the rule tests fail, so the new packs were not activated:\n"
            + ReportPrinter.print(report, false));
      }
    }
    publish(candidate);
    return new Outcome(true, true, Optional.empty());
  }

  private void publish(PolicySnapshot snapshot) {
    current.set(snapshot);
    // loaded_at is when the revision went live, after its rule tests, not when it was compiled
    Instant live = clock.instant();
    status.updateAndGet(s -> new Status(Optional.of(snapshot.revision()), Optional.of(live),
        snapshot.program().packs().stream().map(p -> p.name() + " " + p.version()).toList(), live,
        Optional.empty(), s.reloads() + 1, s.failedReloads()));
  }

  private Outcome failed(Instant attempt, String why) {
    status.updateAndGet(s -> new Status(s.revision(), s.loadedAt(), s.packs(), attempt, Optional.of(why), s.reloads(),
        s.failedReloads() + 1));
    return new Outcome(false, false, Optional.of(why));
  }

  private static String print(List<Diagnostic> diagnostics, List<SourceFile> sources) {
    Map<String, SourceFile> byPath = new LinkedHashMap<>();
    sources.forEach(f -> byPath.put(f.path(), f));
    return DiagnosticPrinter.of(byPath).print(diagnostics.stream().filter(Diagnostic::isError).toList());
  }
}
