package dev.warden.engine.testing;

import dev.warden.dsl.ast.PolicyFile;
import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.parse.ParseResult;
import dev.warden.dsl.parse.PolicyParser;
import dev.warden.dsl.source.SourceCollector;
import dev.warden.dsl.source.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the files of a pack by its name: among the policy files given on the command line
 * first, then in {@code rule-packs/<name>} next to the test file's folder or the working
 * folder. Files that do not parse are still returned, so their errors are reported.
 */
final class PackIndex {
  private final Map<String, List<SourceFile>> byName = new LinkedHashMap<>();
  private final List<Diagnostic> problems = new ArrayList<>();

  PackIndex(List<SourceFile> policies) {
    policies.forEach(this::add);
  }

  private void add(SourceFile f) {
    ParseResult<PolicyFile> parsed = PolicyParser.parsePolicy(f);
    String name = parsed.value().map(p -> p.pack().value()).orElseGet(() -> folderName(f));
    List<SourceFile> files = byName.computeIfAbsent(name, k -> new ArrayList<>());
    if (files.stream().noneMatch(x -> x.path().equals(f.path()))) {
      files.add(f);
    }
  }

  private static String folderName(SourceFile f) {
    Path parent = Path.of(f.path()).getParent();
    return parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
  }

  /** The files of the pack, looking on disk near {@code testFile} when it was not given. */
  Optional<List<SourceFile>> find(String pack, String testFile) {
    List<SourceFile> files = byName.get(pack);
    if (files != null) {
      return Optional.of(files);
    }
    if (!dev.warden.dsl.check.PackChecker.validPackName(pack)) {
      return Optional.empty(); // not a folder name either; the checker reports the name
    }
    for (Path dir : candidates(pack, testFile)) {
      if (Files.isDirectory(dir)) {
        SourceCollector.Found found = SourceCollector.collect(List.of(dir));
        problems.addAll(found.diagnostics());
        found.policies().forEach(this::add);
        if (byName.containsKey(pack)) {
          return Optional.of(byName.get(pack));
        }
      }
    }
    return Optional.empty();
  }

  List<Diagnostic> problems() {
    return List.copyOf(problems);
  }

  private static List<Path> candidates(String pack, String testFile) {
    List<Path> dirs = new ArrayList<>();
    Path dir = Path.of(testFile).toAbsolutePath().getParent();
    for (int up = 0; dir != null && up < 4; up++, dir = dir.getParent()) {
      dirs.add(dir.resolve("rule-packs").resolve(pack));
    }
    dirs.add(Path.of("rule-packs", pack));
    Path cwd = Path.of("").toAbsolutePath();
    return dirs.stream().map(d -> d.isAbsolute() && d.startsWith(cwd) ? cwd.relativize(d) : d).toList();
  }
}
