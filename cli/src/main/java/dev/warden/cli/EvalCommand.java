package dev.warden.cli;

import dev.warden.engine.detect.Detectors;
import dev.warden.engine.quality.Quality;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code warden eval}: precision, recall and F1 of the detectors on the project's labelled sets. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Measure the detectors on labelled sets: exact-span precision, recall and F1 per entity type",
        "(pii, secrets, ner), and recall and false-positive rate of the injection and safety scores at 0.5."},
    footer = {"", "Exit codes: 0 measured, 1 unreadable data, 2 usage."})
final class EvalCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "rules-engine/src/test/resources/eval",
      description = "Folder of pii.jsonl, secrets.jsonl, ner.jsonl, injection.jsonl, safety.jsonl (default: ${DEFAULT-VALUE}).")
  Path data;

  @Override
  public Integer call() {
    try {
      Quality.Report report = Quality.measure(data, Detectors.standard());
      spec.commandLine().getOut().print(report.table());
      spec.commandLine().getOut().flush();
      return 0;
    } catch (IOException e) {
      spec.commandLine().getErr().println("warden eval: " + e.getMessage());
      return 1;
    }
  }
}
