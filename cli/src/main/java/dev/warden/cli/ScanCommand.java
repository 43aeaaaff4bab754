package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.dsl.diag.DiagnosticPrinter;
import dev.warden.dsl.model.EntityDef;
import dev.warden.engine.detect.Detection;
import dev.warden.engine.detect.DetectorSuite;
import dev.warden.engine.detect.Detectors;
import dev.warden.engine.detect.TextScanner;
import dev.warden.engine.snapshot.PackLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code warden scan}: run every detector on texts and print what was found, one JSON line per input. */
@Command(name = "scan", mixinStandardHelpOptions = true,
    description = {"Run every detector on each input line and print what it found.",
        "One JSON line per input:",
        "{\"entities\":[{\"type\",\"start\",\"end\",\"score\"}],\"injection\":{\"score\",\"signals\"},\"safety\":{...}}",
        "Offsets are Unicode code points. An input line is a JSON object with a \"text\" field, or plain text."},
    footer = {"", "Example:  echo 'Mail ann@example.com' | warden scan", "",
        "Exit codes: 0 scanned, 1 unreadable input or packs, 2 usage."})
final class ScanCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The longest input line scanned; longer lines are cut and flagged. */
  static final int MAX_LINE_CHARS = 4 * 1024 * 1024;

  @Spec
  CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "FILE", description = "Input file (default: standard input; - too).")
  Optional<String> file;

  @Option(names = "--packs", paramLabel = "DIR", description = "Also detect the custom entities these packs declare.")
  Optional<Path> packs;

  @Option(names = "--all", description = "Include detections below their type's threshold.")
  boolean all;

  @Override
  public Integer call() throws IOException {
    var err = spec.commandLine().getErr();
    Map<String, EntityDef> custom = Map.of();
    if (packs.isPresent()) {
      PackLoader.Loaded loaded = PackLoader.load(List.of(packs.get()), Optional.empty(), Clock.systemUTC());
      if (loaded.snapshot().isEmpty()) {
        var sources = new LinkedHashMap<String, dev.warden.dsl.source.SourceFile>();
        loaded.sources().forEach(s -> sources.put(s.path(), s));
        err.print(DiagnosticPrinter.of(sources).print(loaded.diagnostics().stream().filter(d -> d.isError()).toList()));
        err.flush();
        return 1;
      }
      custom = loaded.snapshot().get().program().entities();
    }
    TextScanner scanner = new TextScanner(DetectorSuite.all(custom, Detectors.standard()));
    PrintWriter out = spec.commandLine().getOut();
    try (BufferedReader in = open()) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        out.println(JSON.writeValueAsString(scan(scanner, text(line))));
      }
    } catch (IOException e) {
      err.println("warden scan: " + FileProblem.of(e));
      return 1;
    }
    out.flush();
    return 0;
  }

  private BufferedReader open() throws IOException {
    if (file.isEmpty() || file.get().equals("-")) {
      return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }
    return Files.newBufferedReader(Path.of(file.get()), StandardCharsets.UTF_8);
  }

  /** The "text" of a JSON object line, or the line itself. */
  static String text(String line) {
    String t = line.strip();
    if (t.startsWith("{")) {
      try {
        JsonNode n = JSON.readTree(t);
        if (n.isObject() && n.path("text").isTextual()) {
          return n.path("text").asText();
        }
      } catch (IOException e) {
        // not JSON: scan the line as text
      }
    }
    return line;
  }

  ObjectNode scan(TextScanner scanner, String text) {
    ObjectNode o = JSON.createObjectNode();
    boolean cut = text.length() > MAX_LINE_CHARS;
    TextScanner.Scan s = scanner.scan(cut ? text.substring(0, MAX_LINE_CHARS) : text, all);
    ArrayNode entities = o.putArray("entities");
    for (Detection d : s.entities()) {
      ObjectNode e = entities.addObject();
      e.put("type", d.type());
      e.put("start", s.codePoint(d.start()));
      e.put("end", s.codePoint(d.end()));
      e.put("score", Math.round(d.score() * 1000) / 1000.0);
    }
    s.injection().ifPresent(i -> {
      ObjectNode inj = o.putObject("injection");
      inj.put("score", Math.round(i.score() * 1000) / 1000.0);
      i.signals().forEach(inj.putArray("signals")::add);
    });
    s.safety().ifPresent(v -> {
      ObjectNode safety = o.putObject("safety");
      safety.put("hate", Math.round(v.hate() * 1000) / 1000.0);
      safety.put("violence", Math.round(v.violence() * 1000) / 1000.0);
      safety.put("self_harm", Math.round(v.selfHarm() * 1000) / 1000.0);
      safety.put("sexual", Math.round(v.sexual() * 1000) / 1000.0);
    });
    if (cut) {
      o.put("truncated", true);
    }
    return o;
  }
}
