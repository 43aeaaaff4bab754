package dev.warden.models.guard.train;

import dev.warden.models.guard.HeldOut;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the corpus files ({@code label<TAB>category<TAB>text-or-template}, {@code #} comments)
 * and splits them into training and held-out parts. Every fifth template and every fifth
 * hand-written line is held out whole, so calibration sees phrasings the model never saw.
 */
final class Corpus {
  /** One labelled text: {@code label} is a comma-separated list or a single word. */
  record Item(String label, String category, String text) {
  }

  /** The two parts of a corpus. */
  record Split(List<Item> train, List<Item> heldOut) {
  }

  static final int HOLD_OUT_EVERY = 5;

  private Corpus() {
  }

  static List<String[]> rows(Path file) throws IOException {
    List<String[]> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split("\t", 3);
      if (cols.length != 3) {
        throw new IllegalArgumentException(file + ": expected label<TAB>category<TAB>text: " + line);
      }
      out.add(new String[] {cols[0].strip(), cols[1].strip(), HeldOut.unescape(cols[2].strip())});
    }
    return out;
  }

  /** Templates expanded {@code perTemplate} times (duplicates dropped) plus the hand-written examples. */
  static Split build(Templates templates, Path templateFile, Path exampleFile, int perTemplate) throws IOException {
    List<Item> train = new ArrayList<>();
    List<Item> heldOut = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    int index = 0;
    for (String[] row : rows(templateFile)) {
      List<Item> target = index++ % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1 ? heldOut : train;
      for (int k = 0; k < perTemplate; k++) {
        String text = templates.expand(row[2]);
        if (seen.add(text)) {
          target.add(new Item(row[0], row[1], text));
        }
      }
    }
    index = 0;
    for (String[] row : rows(exampleFile)) {
      List<Item> target = index++ % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1 ? heldOut : train;
      if (seen.add(row[2])) {
        target.add(new Item(row[0], row[1], row[2]));
      }
    }
    return new Split(List.copyOf(train), List.copyOf(heldOut));
  }
}
