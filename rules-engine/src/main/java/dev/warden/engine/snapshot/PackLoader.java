package dev.warden.engine.snapshot;

import dev.warden.dsl.ast.PolicyFile;
import dev.warden.dsl.diag.Code;
import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.Diagnostics;
import dev.warden.dsl.source.SourceCollector;
import dev.warden.dsl.source.SourceFile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Loads a folder of packs ({@code rule-packs/<pack>/*.policy}; a single pack folder or file
 * works too) into a snapshot. Refuses anything that does not compile: a pack set is loaded
 * whole or not at all, with the diagnostics that say why.
 */
public final class PackLoader {
  private PackLoader() {}

  /** The snapshot (absent when anything failed), every diagnostic, and the files read. */
  public record Loaded(Optional<PolicySnapshot> snapshot, List<Diagnostic> diagnostics, List<SourceFile> sources) {
    public Loaded {
      diagnostics = List.copyOf(diagnostics);
      sources = List.copyOf(sources);
    }

    public boolean ok() {
      return snapshot.isPresent();
    }
  }

  public static Loaded load(List<Path> roots, Optional<Set<String>> catalog, Clock clock) {
    SourceCollector.Found found = SourceCollector.collect(roots);
    Diagnostics out = new Diagnostics();
    out.addAll(found.diagnostics());
    if (out.hasErrors()) {
      return new Loaded(Optional.empty(), out.toList(), found.policies());
    }
    return fromSources(found.policies(), catalog, clock, out);
  }

  /** Builds from sources already read (e.g. packs shipped on the classpath). */
  public static Loaded fromSources(List<SourceFile> sources, Optional<Set<String>> catalog, Clock clock) {
    return fromSources(sources, catalog, clock, new Diagnostics());
  }

  private static Loaded fromSources(List<SourceFile> sources, Optional<Set<String>> catalog, Clock clock,
      Diagnostics out) {
    SnapshotBuilder.Result built = SnapshotBuilder.build(sources, catalog, clock);
    out.addAll(built.diagnostics());
    for (PolicyFile f : built.files()) {
      Path parent = Path.of(f.path()).getParent();
      String folder = parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
      if (!folder.isEmpty() && !folder.equals(f.pack().value())) {
        out.add(Diagnostic.of(Code.A009, f.pack().span(), "file is in folder `" + folder + "` but declares pack \""
            + f.pack().value() + "\"", "keep each pack in rule-packs/<pack name>/"));
      }
    }
    return new Loaded(built.snapshot(), out.toList(), sources);
  }
}
