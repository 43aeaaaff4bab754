package dev.warden.dsl.source;

import dev.warden.dsl.diag.Code;
import dev.warden.dsl.diag.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds policy ({@code .policy}) and test ({@code .policytest}) files under the paths a user
 * names, in a stable order, reading each with {@link SourceReader}, skipping build output and
 * hidden folders. Unreadable files and missing paths become diagnostics.
 */
public final class SourceCollector {
  public static final String POLICY = ".policy";
  public static final String TEST = ".policytest";
  private static final int MAX_FILES = 10_000;
  private static final int MAX_DEPTH = 16;

  private SourceCollector() {}

  /** The files found, and the problems met on the way. */
  public record Found(List<SourceFile> policies, List<SourceFile> tests, List<Diagnostic> diagnostics) {
    public Found {
      policies = List.copyOf(policies);
      tests = List.copyOf(tests);
      diagnostics = List.copyOf(diagnostics);
    }
  }

  public static Found collect(List<Path> paths) {
    List<SourceFile> policies = new ArrayList<>();
    List<SourceFile> tests = new ArrayList<>();
    List<Diagnostic> problems = new ArrayList<>();
    for (Path p : paths) {
      Span here = new Span(p.toString(), 0, 0, 1, 1);
      if (!Files.exists(p)) {
        problems.add(Diagnostic.of(Code.E002, here, "no such file or folder"));
        continue;
      }
      List<Path> files;
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p, MAX_DEPTH)) {
          files = walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && kind(f) != null)
              .filter(f -> !underSkippedFolder(p, f))
              .limit(MAX_FILES + 1L).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
          problems.add(Diagnostic.of(Code.E002, here, "cannot list folder: " + e.getMessage()));
          continue;
        }
        if (files.size() > MAX_FILES) {
          problems.add(Diagnostic.of(Code.E002, here, "more than " + MAX_FILES + " policy and test files here"));
          continue;
        }
      } else {
        files = List.of(p);
      }
      for (Path f : files) {
        String kind = kind(f);
        if (kind == null) {
          problems.add(Diagnostic.of(Code.E002, new Span(f.toString(), 0, 0, 1, 1),
              "not a policy (" + POLICY + ") or test (" + TEST + ") file"));
          continue;
        }
        switch (SourceReader.read(f, f.toString())) {
          case SourceReader.Ok ok -> (kind.equals(POLICY) ? policies : tests).add(ok.file());
          case SourceReader.Failed failed -> problems.add(failed.diagnostic());
        }
      }
    }
    return new Found(policies, tests, problems);
  }

  /**
   * Build output ({@code target/}, where Maven copies the shipped packs) and hidden folders
   * ({@code .git}, editor folders) are not sources: a copy of a pack there would load twice.
   */
  static boolean underSkippedFolder(Path root, Path file) {
    Path rel = root.relativize(file);
    for (int i = 0; i < rel.getNameCount() - 1; i++) {
      String name = rel.getName(i).toString();
      if (name.equals("target") || (name.startsWith(".") && !name.equals(".") && !name.equals(".."))) {
        return true;
      }
    }
    return false;
  }

  private static String kind(Path f) {
    String name = f.getFileName() == null ? "" : f.getFileName().toString();
    if (name.endsWith(TEST)) {
      return TEST;
    }
    if (name.endsWith(POLICY)) {
      return POLICY;
    }
    return null;
  }
}
