package dev.warden.gateway.audit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The segment files of an audit folder: {@code segment-00000001.jsonl}, numbered from 1 without
 * gaps while none is deleted; the number orders them.
 */
public final class Segments {
  private static final Pattern NAME = Pattern.compile("segment-(\\d{8,18})\\.jsonl");

  private Segments() {}

  /** One segment file and its number. */
  public record Segment(long number, Path path) {}

  public static String name(long number) {
    return String.format("segment-%08d.jsonl", number);
  }

  public static Optional<Long> number(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
  }

  /** The segments in {@code dir}, by number; other files are ignored. */
  public static List<Segment> list(Path dir) throws IOException {
    List<Segment> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "segment-*.jsonl")) {
      for (Path f : files) {
        number(f).ifPresent(n -> out.add(new Segment(n, f)));
      }
    }
    out.sort(Comparator.comparingLong(Segment::number));
    return out;
  }
}
