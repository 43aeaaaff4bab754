package dev.warden.models.guard.train;

import dev.warden.models.guard.GuardClassifier;
import dev.warden.models.guard.GuardFeatures;
import dev.warden.models.guard.GuardModels;
import dev.warden.models.guard.HeldOut;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Builds the guard models from the corpus: {@code TrainAll <corpus dir> <output dir>}. Run by
 * the guard-models build at process-classes, so the jar carries the models and their held-out
 * sets. Fixed seeds: the same corpus gives the same models.
 */
public final class TrainAll {
  static final long SEED = 20261122L;
  private static final int PER_TEMPLATE = 20;
  /**
   * How many times a hand-written safety line counts in training against one template expansion.
   * A template gives {@link #PER_TEMPLATE} near-identical texts, a hand-written line one: without
   * this the classifiers learnt the templates' frames and little of the varied lines (held-out
   * recall of hand-written lines was about 0.25 for violence and self-harm at weight 1).
   */
  static final int EXAMPLE_WEIGHT = 10;
  /**
   * Safety positives are repeated to about this share of the negatives (sexual had 115 positives
   * to 1320 negatives): a maxent model trained on so few positives scored unseen phrasings low.
   */
  static final double POSITIVE_SHARE = 1.0;
  /** Share (in 1/100) of held-out injection texts that also get an encoded or obfuscated twin. */
  private static final int VARIANT_PERCENT = 30;

  private final Path corpus;
  private final Path out;
  /** Where the generated corpus is written for inspection (not shipped), or null. */
  private final Path dump;
  /** The injection corpus's training part, once {@link #injection} has built it. */
  private List<Corpus.Item> injectionTrain = List.of();

  private TrainAll(Path corpus, Path out, Path dump) {
    this.corpus = corpus;
    this.out = out;
    this.dump = dump;
  }

  private void dump(String name, Corpus.Split split) throws IOException {
    if (dump == null) {
      return;
    }
    Files.createDirectories(dump);
    for (var part : List.of(java.util.Map.entry("train", split.train()), java.util.Map.entry("heldout", split.heldOut()))) {
      Files.write(dump.resolve(name + "-" + part.getKey() + ".tsv"), part.getValue().stream()
          .map(i -> i.label() + "\t" + i.category() + "\t" + HeldOut.escape(i.text())).toList(), StandardCharsets.UTF_8);
    }
  }

  /** {@code TrainAll <corpus dir> <model output dir> [<dir for the generated corpus>]}. */
  public static void main(String[] args) throws IOException {
    long start = System.nanoTime();
    TrainAll t = new TrainAll(Path.of(args[0]), Path.of(args[1]), args.length > 2 ? Path.of(args[2]) : null);
    t.injection();
    t.safety();
    System.out.printf("guard-models: trained in %d ms%n", (System.nanoTime() - start) / 1_000_000);
  }

  private void injection() throws IOException {
    Templates templates = new Templates(corpus.resolve("slots.txt"), SEED);
    Corpus.Split split = Corpus.build(templates, corpus.resolve("injection/templates.tsv"),
        corpus.resolve("injection/examples.tsv"), PER_TEMPLATE);
    dump("injection", split);
    injectionTrain = split.train();
    Predicate<Corpus.Item> attack = i -> i.label().equals("injection");
    List<String> pos = texts(split.train(), attack);
    List<String> neg = texts(split.train(), attack.negate());
    Path model = out.resolve(GuardModels.injectionModel());
    Doccat.write(Doccat.train(pos, neg, Doccat.INJECTION), model);

    Variants variants = new Variants(new Random(SEED + 2));
    Random pick = new Random(SEED + 3);
    List<String> lines = new ArrayList<>();
    for (Corpus.Item item : split.heldOut()) {
      boolean isAttack = attack.test(item);
      lines.add(new HeldOut.Injection(item.text(), isAttack, item.category()).line());
      if (pick.nextInt(100) < (isAttack ? VARIANT_PERCENT : VARIANT_PERCENT / 3)) {
        String kind = Variants.KINDS.get(pick.nextInt(Variants.KINDS.size()));
        String text = variants.apply(kind, item.text(), isAttack);
        lines.add(new HeldOut.Injection(text, isAttack, item.category() + "+" + kind).line());
      }
    }
    Files.write(out.resolve(HeldOut.INJECTION), lines, StandardCharsets.UTF_8);
    report("injection", model, pos.size(), neg.size(), split.heldOut(), attack);
  }

  private void safety() throws IOException {
    Templates templates = new Templates(corpus.resolve("slots.txt"), SEED + 10);
    Corpus.Split own = Corpus.build(templates, corpus.resolve("safety/templates.tsv"),
        corpus.resolve("safety/examples.tsv"), PER_TEMPLATE);
    // The injection corpus's training texts (attacks and benign requests alike) are safe in every
    // category: they teach the safety models that everyday words ("use", "before", "hit") are no
    // evidence, which the safety corpus alone, made of a few frames, did not.
    List<Corpus.Item> safe = injectionTrain.stream()
        .map(i -> new Corpus.Item("-", i.category(), i.text(), i.handWritten())).toList();
    Corpus.Split split = new Corpus.Split(
        java.util.stream.Stream.concat(own.train().stream(), safe.stream()).toList(),
        Corpus.withoutNearDuplicates(own.heldOut(), safe));
    dump("safety", split);
    for (String category : GuardModels.SAFETY_CATEGORIES) {
      Predicate<Corpus.Item> in = i -> labels(i).contains(category);
      List<String> neg = weighted(split.train(), in.negate(), 1);
      List<String> pos = weighted(split.train(), in, positiveWeight(split.train(), in, neg.size()));
      Path model = out.resolve(GuardModels.safetyModel(category));
      Doccat.write(Doccat.train(pos, neg, Doccat.SAFETY), model);
      report("safety-" + category, model, pos.size(), neg.size(), split.heldOut(), in);
    }
    List<String> lines = new ArrayList<>();
    for (Corpus.Item item : split.heldOut()) {
      lines.add(new HeldOut.Safety(item.text(), labels(item)).line());
    }
    Files.write(out.resolve(HeldOut.SAFETY), lines, StandardCharsets.UTF_8);
  }

  static Set<String> labels(Corpus.Item item) {
    if (item.label().equals("-") || item.label().equals("none")) {
      return Set.of();
    }
    Set<String> labels = new LinkedHashSet<>(Arrays.asList(item.label().split(",")));
    for (String l : labels) {
      if (!GuardModels.SAFETY_CATEGORIES.contains(l)) {
        throw new IllegalArgumentException("unknown safety label '" + l + "' in: " + item.text());
      }
    }
    return labels;
  }

  /**
   * The texts of {@code items} that {@code keep} takes, each {@code weight} times and a
   * hand-written line {@link #EXAMPLE_WEIGHT} times as often (the trainer has no sample weights,
   * so weight is repetition).
   */
  static List<String> weighted(List<Corpus.Item> items, Predicate<Corpus.Item> keep, int weight) {
    if (weight < 1) {
      throw new IllegalArgumentException("weight must be at least 1, got " + weight);
    }
    List<String> out = new ArrayList<>();
    for (Corpus.Item i : items) {
      if (keep.test(i)) {
        int w = weight * (i.handWritten() ? EXAMPLE_WEIGHT : 1);
        for (int k = 0; k < w; k++) {
          out.add(i.text());
        }
      }
    }
    return out;
  }

  /**
   * How many times each positive is repeated so that the positives (weighted) come to about
   * {@link #POSITIVE_SHARE} of the {@code negatives}: at least once.
   */
  static int positiveWeight(List<Corpus.Item> items, Predicate<Corpus.Item> positive, int negatives) {
    int positives = weighted(items, positive, 1).size();
    if (positives == 0) {
      throw new IllegalArgumentException("no positive training examples");
    }
    return (int) Math.max(1, Math.round(POSITIVE_SHARE * negatives / positives));
  }

  private static List<String> texts(List<Corpus.Item> items, Predicate<Corpus.Item> keep) {
    return items.stream().filter(keep).map(Corpus.Item::text).toList();
  }

  /** Prints the raw (uncalibrated) accuracy of a model on its held-out part. */
  private static void report(String name, Path model, int pos, int neg, List<Corpus.Item> heldOut,
      Predicate<Corpus.Item> positive) throws IOException {
    GuardClassifier classifier;
    try (InputStream in = Files.newInputStream(model)) {
      classifier = GuardClassifier.read(in);
    }
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int tn = 0;
    for (Corpus.Item item : heldOut) {
      // A text without a single known feature scores exactly 0.5: no evidence, not a positive.
      boolean predicted = classifier.probability(GuardFeatures.tokens(item.text(), Integer.MAX_VALUE)) > 0.5;
      boolean actual = positive.test(item);
      if (predicted && actual) {
        tp++;
      } else if (predicted) {
        fp++;
      } else if (actual) {
        fn++;
      } else {
        tn++;
      }
    }
    System.out.printf("guard-models: %-20s train %5d+ %5d-  held-out %4d: recall %.3f, false-positive rate %.3f, %d KB%n",
        name, pos, neg, heldOut.size(), tp / Math.max(1.0, tp + fn), fp / Math.max(1.0, fp + tn),
        Files.size(model) / 1024);
  }
}
