package dev.warden.engine.snapshot;

import com.google.re2j.Pattern;
import dev.warden.dsl.Compiler;
import dev.warden.dsl.ast.PolicyFile;
import dev.warden.dsl.diag.Code;
import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.Diagnostics;
import dev.warden.dsl.emit.Drl;
import dev.warden.dsl.model.EntityUse;
import dev.warden.dsl.model.Program;
import dev.warden.dsl.model.RuleDef;
import dev.warden.dsl.source.SourceFile;
import dev.warden.dsl.source.Span;
import dev.warden.engine.detect.DetectorSuite;
import dev.warden.engine.detect.Detectors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link PolicySnapshot} from policy sources: compile to DRL, build the KieBase,
 * prepare detectors and patterns. All or nothing: on any error there is no snapshot, only
 * diagnostics (Drools messages mapped back to the policy rule's {@code file:line}).
 */
public final class SnapshotBuilder {
  private SnapshotBuilder() {}

  /** A snapshot, or the diagnostics that prevented one; warnings in both cases. */
  public record Result(Optional<PolicySnapshot> snapshot, List<Diagnostic> diagnostics, List<PolicyFile> files) {
    public Result {
      diagnostics = List.copyOf(diagnostics);
      files = List.copyOf(files);
    }

    public boolean ok() {
      return snapshot.isPresent();
    }
  }

  /**
   * Builds with the process-wide {@link Detectors#standard() detectors}, asked for only once the
   * packs compiled: a first build compiles while another thread may still be loading the models.
   */
  public static Result build(List<SourceFile> sources, Optional<Set<String>> catalog, Clock clock) {
    return build(sources, catalog, clock, Detectors::standard);
  }

  public static Result build(List<SourceFile> sources, Optional<Set<String>> catalog, Clock clock, Detectors models) {
    return build(sources, catalog, clock, () -> models);
  }

  private static Result build(List<SourceFile> sources, Optional<Set<String>> catalog, Clock clock,
      java.util.function.Supplier<Detectors> models) {
    if (sources.isEmpty()) {
      return new Result(Optional.empty(), List.of(Diagnostic.of(Code.E003, Span.synthetic("packs"),
          "no policy files to load", "a pack is a folder of *.policy files")), List.of());
    }
    Compiler.Result compiled = Compiler.compile(sources, Compiler.Options.emitting(EngineFacts.MODEL, catalog));
    Diagnostics out = new Diagnostics();
    out.addAll(compiled.diagnostics());
    if (!compiled.ok() || compiled.drl().isEmpty()) {
      return new Result(Optional.empty(), out.toList(), compiled.files());
    }
    Program program = compiled.program().orElseThrow();
    Drl drl = compiled.drl().get();
    KieBases.Built built = KieBases.build(drl);
    if (built instanceof KieBases.Failed failed) {
      for (KieBases.Problem p : failed.problems()) {
        Span at = drl.atLine(p.line()).map(o -> program.rules().get(o.ruleIndex()).span())
            .orElse(Span.synthetic("drl"));
        out.add(Diagnostic.of(Code.E001, at, "the rule engine rejected the compiled rule (DRL line " + p.line()
            + "): " + p.text(), "this is a Warden bug; please report it with the pack"));
      }
      return new Result(Optional.empty(), out.toList(), compiled.files());
    }
    DetectorSuite detectors = DetectorSuite.forProgram(program, models.get());
    for (String type : detectors.undetectable()) {
      if (!program.usedEntityTypes().contains(type)) {
        continue; // only wanted by `redact all`, which redacts what was detected
      }
      out.add(Diagnostic.of(Code.A010, firstUse(program, type), "no detector loaded reports `" + type
          + "`, so conditions on it do not hold and it is never redacted",
          "this engine was started without the named-entity models (PERSON, LOCATION, ORGANIZATION)"));
    }
    Map<String, Pattern> patterns = new LinkedHashMap<>();
    for (String key : drl.patterns()) {
      patterns.put(key, Pattern.compile(key));
    }
    PolicySnapshot snapshot = new PolicySnapshot(program, drl, ((KieBases.Ok) built).kieBase(), detectors, patterns,
        revision(sources), clock.instant(), sources, out.toList());
    return new Result(Optional.of(snapshot), out.toList(), compiled.files());
  }

  private static Span firstUse(Program program, String type) {
    for (RuleDef r : program.rules()) {
      if (EntityUse.of(r).contains(type)) {
        return r.span();
      }
    }
    return program.rules().isEmpty() ? Span.synthetic("packs") : program.rules().getFirst().span();
  }

  /** SHA-256 over every file's path and content, in path order; the first 16 hex digits. */
  static String revision(List<SourceFile> sources) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      List<SourceFile> sorted = new ArrayList<>(sources);
      sorted.sort(Comparator.comparing(SourceFile::path));
      for (SourceFile f : sorted) {
        sha.update(f.path().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(f.text().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
