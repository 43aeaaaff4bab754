package dev.warden.dsl;

import dev.warden.dsl.analyse.Analyzer;
import dev.warden.dsl.ast.PolicyFile;
import dev.warden.dsl.check.PackChecker;
import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.Diagnostics;
import dev.warden.dsl.emit.Drl;
import dev.warden.dsl.emit.DrlEmitter;
import dev.warden.dsl.emit.FactModel;
import dev.warden.dsl.model.Program;
import dev.warden.dsl.parse.ParseResult;
import dev.warden.dsl.parse.PolicyParser;
import dev.warden.dsl.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The compiler pipeline for policy files: parse, check, analyse, emit. Each stage returns
 * diagnostics; a stage with errors stops the pipeline, and {@link Options#stopAfter} runs it
 * only up to a given stage.
 */
public final class Compiler {
  private Compiler() {}

  /** The stages, in order. */
  public enum Stage { PARSE, CHECK, ANALYSE, EMIT }

  /**
   * @param catalog model names routes are checked against (absent: not checked)
   * @param facts the fact classes the DRL refers to (required to emit)
   */
  public record Options(Optional<Set<String>> catalog, Optional<FactModel> facts, Stage stopAfter) {
    public Options {
      Objects.requireNonNull(catalog, "catalog");
      Objects.requireNonNull(facts, "facts");
      Objects.requireNonNull(stopAfter, "stopAfter");
    }

    public static Options upTo(Stage stage) {
      return new Options(Optional.empty(), Optional.empty(), stage);
    }

    public static Options emitting(FactModel facts, Optional<Set<String>> catalog) {
      return new Options(catalog, Optional.of(facts), Stage.EMIT);
    }
  }

  /** What the pipeline produced up to where it stopped, and every diagnostic on the way. */
  public record Result(List<PolicyFile> files, Optional<Program> program, Optional<Drl> drl,
      List<Diagnostic> diagnostics) {
    public Result {
      files = List.copyOf(files);
      Objects.requireNonNull(program, "program");
      Objects.requireNonNull(drl, "drl");
      diagnostics = List.copyOf(diagnostics);
    }

    public boolean ok() {
      return !Diagnostics.hasErrors(diagnostics);
    }
  }

  public static Result compile(List<SourceFile> sources, Options options) {
    Diagnostics out = new Diagnostics();
    List<PolicyFile> files = new ArrayList<>();
    for (SourceFile s : sources) {
      ParseResult<PolicyFile> r = PolicyParser.parsePolicy(s);
      out.addAll(r.diagnostics());
      r.value().ifPresent(files::add);
    }
    if (out.hasErrors() || options.stopAfter() == Stage.PARSE) {
      return new Result(files, Optional.empty(), Optional.empty(), out.toList());
    }
    PackChecker.Result checked = PackChecker.check(files);
    out.addAll(checked.diagnostics());
    if (checked.program().isEmpty() || options.stopAfter() == Stage.CHECK) {
      return new Result(files, checked.program(), Optional.empty(), out.toList());
    }
    Program program = checked.program().get();
    out.addAll(Analyzer.analyse(program, checked.symbols(), options.catalog()));
    if (out.hasErrors() || options.stopAfter() == Stage.ANALYSE) {
      return new Result(files, out.hasErrors() ? Optional.empty() : Optional.of(program), Optional.empty(),
          out.toList());
    }
    FactModel facts = options.facts().orElseThrow(() -> new IllegalArgumentException("emitting needs a fact model"));
    return new Result(files, Optional.of(program), Optional.of(DrlEmitter.emit(program, facts)), out.toList());
  }
}
