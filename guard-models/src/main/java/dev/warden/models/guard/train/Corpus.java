package dev.warden.models.guard.train;

import dev.warden.models.guard.GuardFeatures;
import dev.warden.models.guard.HeldOut;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the corpus files ({@code label<TAB>category<TAB>text-or-template}, {@code #} comments)
 * and splits them into training and held-out parts. Every fifth template and every fifth
 * hand-written line is held out whole, so calibration sees phrasings the model never saw; a
 * held-out text that is a near-duplicate of a training text (see {@link #nearDuplicate}) is
 * dropped, so that held-out figures measure unseen phrasing rather than recall of a twin.
 */
final class Corpus {
  /** One labelled text: {@code label} is a comma-separated list or a single word. */
  record Item(String label, String category, String text, boolean handWritten) {
  }

  /** The two parts of a corpus. */
  record Split(List<Item> train, List<Item> heldOut) {
  }

  static final int HOLD_OUT_EVERY = 5;
  /** Word-set overlap (Jaccard) from which two texts count as the same text. */
  static final double NEAR_DUPLICATE = 0.8;

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
          target.add(new Item(row[0], row[1], text, false));
        }
      }
    }
    index = 0;
    for (String[] row : rows(exampleFile)) {
      List<Item> target = index++ % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1 ? heldOut : train;
      if (seen.add(row[2])) {
        target.add(new Item(row[0], row[1], row[2], true));
      }
    }
    return new Split(List.copyOf(train), withoutNearDuplicates(heldOut, train));
  }

  /** The items of {@code heldOut} that are not a {@link #nearDuplicate} of any of {@code train}. */
  static List<Item> withoutNearDuplicates(List<Item> heldOut, List<Item> train) {
    List<Set<String>> trained = train.stream().map(i -> words(i.text())).toList();
    List<Item> out = new ArrayList<>();
    for (Item item : heldOut) {
      Set<String> w = words(item.text());
      if (trained.stream().noneMatch(t -> nearDuplicate(w, t))) {
        out.add(item);
      }
    }
    return List.copyOf(out);
  }

  /** Whether two texts' word sets overlap by {@link #NEAR_DUPLICATE} or more (Jaccard). */
  static boolean nearDuplicate(Set<String> a, Set<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.equals(b);
    }
    int small = Math.min(a.size(), b.size());
    int large = Math.max(a.size(), b.size());
    if (small < NEAR_DUPLICATE * large) {
      return false; // the overlap is at most small / large
    }
    int common = 0;
    for (String s : a.size() <= b.size() ? a : b) {
      if ((a.size() <= b.size() ? b : a).contains(s)) {
        common++;
      }
    }
    return common >= NEAR_DUPLICATE * (a.size() + b.size() - common);
  }

  /** The distinct word tokens of a text (as the classifiers read it), punctuation left out. */
  static Set<String> words(String text) {
    Set<String> out = new HashSet<>();
    for (String t : GuardFeatures.tokens(text, Integer.MAX_VALUE)) {
      if (Character.isLetterOrDigit(t.charAt(0))) {
        out.add(t);
      }
    }
    return out;
  }
}
