package dev.warden.ner.train;

import dev.warden.ner.Analysis;
import dev.warden.ner.Candidates;
import dev.warden.ner.Gazetteer;
import dev.warden.ner.NameFinder;
import dev.warden.ner.NameLikeness;
import dev.warden.ner.NerResources;
import dev.warden.ner.PosLexicon;
import dev.warden.ner.PosTagger;
import dev.warden.ner.SpanFeatures;
import dev.warden.ner.Tokenizer;
import dev.warden.ner.Tokens;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import opennlp.tools.ml.EventTrainer;
import opennlp.tools.ml.TrainerFactory;
import opennlp.tools.ml.maxent.quasinewton.QNTrainer;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Event;
import opennlp.tools.ml.model.GenericModelWriter;
import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.postag.POSModel;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;

/**
 * Trains the span classifier during the build (exec-maven-plugin, process-classes) and writes it
 * into the module's classes, so the jar carries it. Reproducible: the corpus comes from files
 * in {@code src/corpus} and a fixed seed, and OpenNLP's L-BFGS maxent training is deterministic.
 *
 * <p>First it trains on four fifths of the templates and reports precision, recall and F1 on
 * sentences from the fifth it did not see (how well it generalises to new phrasings), then it
 * trains the shipped model on everything.
 *
 * <p>Arguments: the output folder of the model, the corpus folder, and a folder for the corpus
 * dump (one marked sentence a line, for review).
 */
public final class NerTrainer {
  static final long SEED = 20261122L;
  private static final int FILLS_PER_TEMPLATE = 40;
  private static final int HAND_WRITTEN_COPIES = 4;

  private NerTrainer() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: NerTrainer <model dir> <corpus dir> <dump dir>");
    }
    long t0 = System.nanoTime();
    Path modelDir = Path.of(args[0]);
    Path corpusDir = Path.of(args[1]);
    Path dumpDir = Path.of(args[2]);
    Path classes = modelDir.getParent().getParent().getParent().getParent();
    String inputs = InputsFingerprint.of(List.of(corpusDir, modelDir.resolve("gazetteer"),
        classes.resolve("dev/warden/ner")));
    Path stamp = modelDir.resolve("inputs.sha256");
    if (Files.exists(stamp) && Files.readString(stamp).strip().equals(inputs)
        && Files.exists(modelDir.resolve(NerResources.SPAN_MODEL.substring(NerResources.BASE.length())))
        && Files.exists(modelDir.resolve(NerResources.WORD_MODEL.substring(NerResources.BASE.length())))) {
      System.out.println("[ner] models are up to date with the corpus, word lists and code: not retrained");
      return;
    }
    Gazetteer gazetteer = Gazetteer.load();
    POSModel pos = NerResources.posModel();
    PosLexicon lexicon = PosLexicon.of(pos);
    PosTagger tagger = new PosTagger(pos);
    List<String> templates = Corpus.lines(corpusDir.resolve("templates.txt"));
    List<String> handWritten = Corpus.lines(corpusDir.resolve("hand-written.txt"));

    // Generalisation check: hold out every fifth template.
    List<String> seenTemplates = new ArrayList<>();
    List<String> heldOut = new ArrayList<>();
    for (int i = 0; i < templates.size(); i++) {
      (i % 5 == 4 ? heldOut : seenTemplates).add(templates.get(i));
    }
    Corpus check = new Corpus(new SyntheticValues(SEED + 1, gazetteer));
    List<LabelledText> checkTrain = check.build(seenTemplates, FILLS_PER_TEMPLATE, handWritten, HAND_WRITTEN_COPIES);
    List<LabelledText> checkTest = check.build(heldOut, 10, List.of(), 0);
    MaxentModel checkModel = train(events(checkTrain, gazetteer, lexicon, tagger,
        crossFitted(checkTrain, lexicon), null));
    NameLikeness checkLikeness = new NameLikeness(train(WordShapes.events(checkTrain, lexicon.commonWords(), -1)));
    write(checkModel, dumpDir.resolve("held-out-check.bin"));
    report("held-out templates (" + heldOut.size() + " templates, " + checkTest.size() + " sentences)",
        new NameFinder(checkModel, gazetteer, lexicon, tagger, checkLikeness), checkTest);

    // The shipped model.
    Corpus corpus = new Corpus(new SyntheticValues(SEED, gazetteer));
    List<LabelledText> all = corpus.build(templates, FILLS_PER_TEMPLATE, handWritten, HAND_WRITTEN_COPIES);
    Map<String, Integer> stats = new TreeMap<>();
    List<Event> wordEvents = WordShapes.events(all, lexicon.commonWords(), -1);
    MaxentModel wordModel = train(wordEvents);
    stats.put("word-shape-events", wordEvents.size());
    List<Event> events = events(all, gazetteer, lexicon, tagger, crossFitted(all, lexicon), stats);
    MaxentModel model = train(events);
    write(wordModel, modelDir.resolve(NerResources.WORD_MODEL.substring(NerResources.BASE.length())));
    Path out = modelDir.resolve(NerResources.SPAN_MODEL.substring(NerResources.BASE.length()));
    write(model, out);
    dump(all, dumpDir.resolve("ner-corpus.txt"));
    Files.writeString(stamp, inputs + "\n");
    System.out.printf(Locale.ROOT, "[ner] corpus: %d sentences (%d templates x %d, %d hand-written x %d); %s%n",
        all.size(), templates.size(), FILLS_PER_TEMPLATE, handWritten.size(), HAND_WRITTEN_COPIES, stats);
    System.out.printf(Locale.ROOT, "[ner] wrote %s (%d bytes) in %.1f s%n", out, Files.size(out),
        (System.nanoTime() - t0) / 1e9);
  }

  /** Word-shape models for training the span classifier: each word judged by the model of the other fold. */
  private static NameLikeness crossFitted(List<LabelledText> texts, PosLexicon lexicon) throws IOException {
    return new NameLikeness(train(WordShapes.events(texts, lexicon.commonWords(), 0)),
        train(WordShapes.events(texts, lexicon.commonWords(), 1)));
  }

  /** One event per candidate span: its gold type, or O. Counts gold names no candidate covers. */
  static List<Event> events(List<LabelledText> texts, Gazetteer gazetteer, PosLexicon lexicon, PosTagger tagger,
      NameLikeness likeness, Map<String, Integer> stats) {
    List<Event> events = new ArrayList<>();
    Map<String, Integer> counts = stats == null ? new HashMap<>() : stats;
    Random dropout = new Random(SEED);
    for (LabelledText lt : texts) {
      Tokens t = Tokenizer.tokenize(lt.text());
      Analysis a = new Analysis(t, gazetteer, lexicon, tagger, likeness);
      Map<Long, String> gold = new HashMap<>();
      for (LabelledText.Gold g : lt.names()) {
        int s = t.tokenStartingAt(g.start());
        int e = t.tokenEndingAt(g.end());
        counts.merge("gold", 1, Integer::sum);
        if (s < 0 || e < 0) {
          counts.merge("gold-misaligned", 1, Integer::sum);
          continue;
        }
        gold.put(pack(s, e + 1), g.type());
      }
      int covered = 0;
      for (int[] sp : Candidates.of(a)) {
        String type = gold.getOrDefault(pack(sp[0], sp[1]), NameFinder.OUTSIDE);
        if (!type.equals(NameFinder.OUTSIDE)) {
          covered++;
        }
        String[] features = SpanFeatures.of(a, sp[0], sp[1]);
        events.add(new Event(type, features));
        // The same span without its neighbours: phrasings the templates do not have must still be
        // decided by the span itself (names, lists, shape).
        if (dropout.nextInt(2) == 0) {
          events.add(new Event(type, SpanFeatures.withoutContext(features)));
        }
      }
      counts.merge("gold-no-candidate", gold.size() - covered, Integer::sum);
    }
    counts.put("events", events.size());
    return events;
  }

  static MaxentModel train(List<Event> events) throws IOException {
    TrainingParameters p = new TrainingParameters();
    p.put(TrainingParameters.ALGORITHM_PARAM, QNTrainer.MAXENT_QN_VALUE);
    p.put(TrainingParameters.ITERATIONS_PARAM, 150);
    p.put(TrainingParameters.CUTOFF_PARAM, 2);
    p.put(TrainingParameters.THREADS_PARAM, 1);
    p.put("L2Cost", Double.parseDouble(System.getProperty("ner.l2", "3.0")));
    p.put("PrintMessages", false);
    EventTrainer trainer = TrainerFactory.getEventTrainer(p, null);
    return trainer.train(ObjectStreamUtils.createObjectStream(events));
  }

  /** Exact-span precision, recall and F1 per type. */
  static void report(String what, NameFinder finder, List<LabelledText> texts) {
    Map<String, int[]> counts = new TreeMap<>();
    for (LabelledText lt : texts) {
      List<NameFinder.Entity> found = finder.find(lt.text()).stream().filter(e -> e.score() >= 0.5).toList();
      for (LabelledText.Gold g : lt.names()) {
        int[] c = counts.computeIfAbsent(g.type(), k -> new int[3]);
        c[2]++;
        if (found.stream().anyMatch(e -> e.type().equals(g.type()) && e.start() == g.start() && e.end() == g.end())) {
          c[0]++;
        }
      }
      for (NameFinder.Entity e : found) {
        counts.computeIfAbsent(e.type(), k -> new int[3])[1]++;
      }
      if (Boolean.getBoolean("ner.verbose")) {
        String got = found.stream().map(e -> e.type() + ":" + lt.text().substring(e.start(), e.end())).toList()
            .toString();
        String want = lt.names().stream().map(g -> g.type() + ":" + lt.text().substring(g.start(), g.end())).toList()
            .toString();
        if (!got.equals(want)) {
          System.out.println("[ner]   miss: " + lt.text().replace("\n", " / ") + "\n[ner]     want " + want
              + "\n[ner]     got  " + got);
        }
      }
    }
    System.out.println("[ner] " + what + ":");
    counts.forEach((type, c) -> {
      double p = c[1] == 0 ? 0 : (double) c[0] / c[1];
      double r = c[2] == 0 ? 0 : (double) c[0] / c[2];
      double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
      System.out.printf(Locale.ROOT, "[ner]   %-12s P %.3f  R %.3f  F1 %.3f  (gold %d, found %d, correct %d)%n",
          type, p, r, f, c[2], c[1], c[0]);
    });
  }

  private static void write(MaxentModel model, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream os = Files.newOutputStream(file);
        DataOutputStream dos = new DataOutputStream(new BufferedOutputStream(os))) {
      new GenericModelWriter((AbstractModel) model, dos).persist();
    }
  }

  private static void dump(List<LabelledText> texts, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    StringBuilder sb = new StringBuilder();
    for (LabelledText t : texts) {
      sb.append(t.marked()).append('\n');
    }
    Files.writeString(file, sb, StandardCharsets.UTF_8);
  }

  private static long pack(int s, int e) {
    return ((long) s << 32) | e;
  }
}
