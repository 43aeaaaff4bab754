package dev.warden.cli;

import dev.warden.engine.detect.Detectors;
import dev.warden.engine.quality.Quality;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code warden eval}: precision, recall and F1 of the detectors on the project's labelled sets. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Measure the detectors on labelled sets.",
        "Exact-span precision, recall and F1 per entity type (pii, secrets, ner), and recall and false-positive",
        "rate of the injection and safety scores at 0.5."},
    footer = {"", "Exit codes: 0 measured, 1 no or unreadable data, 2 usage."})
final class EvalCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /** The project's labelled sets, relative to the repository (the launcher says where that is). */
  static final String DEFAULT_DATA = "rules-engine/src/test/resources/eval";

  @Option(names = "--data", paramLabel = "DIR",
      description = "Folder of pii.jsonl, secrets.jsonl, ner.jsonl, injection.jsonl, safety.jsonl (default: the"
          + " project's sets, " + DEFAULT_DATA + ").")
  Optional<Path> data;

  @Override
  public Integer call() {
    Path dir = data.orElseGet(() -> Path.of(System.getProperty("warden.home", ".")).resolve(DEFAULT_DATA));
    if (!Files.isDirectory(dir)) {
      spec.commandLine().getErr().println("warden eval: no folder " + dir + " (give the labelled sets with --data DIR)");
      return 1;
    }
    try {
      Quality.Report report = Quality.measure(dir, Detectors.standard());
      if (report.scores().isEmpty()) {
        spec.commandLine().getOut().print(report.table());
        spec.commandLine().getErr().println("warden eval: " + dir + " holds none of the labelled sets");
        return 1;
      }
      spec.commandLine().getOut().print(report.table());
      spec.commandLine().getOut().flush();
      return 0;
    } catch (IOException e) {
      spec.commandLine().getErr().println("warden eval: " + e.getMessage());
      return 1;
    }
  }
}
