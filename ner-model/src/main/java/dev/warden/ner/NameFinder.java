package dev.warden.ner;

import dev.warden.ner.Gazetteer.Category;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import opennlp.tools.ml.model.BinaryFileDataReader;
import opennlp.tools.ml.model.GenericModelReader;
import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.postag.POSModel;

/**
 * Finds PERSON, LOCATION and ORGANIZATION names in English text: tokenises once, proposes
 * candidate spans ({@link Candidates}), scores each with the trained maxent span classifier
 * ({@link SpanFeatures}) and keeps the best non-overlapping spans. The score of a name is the
 * classifier's probability of its type. Immutable and thread-safe: every call works on its own
 * arrays, and OpenNLP's maxent models evaluate without shared state.
 */
public final class NameFinder {
  public static final String OUTSIDE = "O";
  /** Spans scored lower than this are not reported at all. */
  public static final double MIN_SCORE = 0.2;

  /** One name: its type, char range [start, end) in the text, and probability. */
  public record Entity(String type, int start, int end, double score) {
    public Entity {
      Objects.requireNonNull(type, "type");
    }
  }

  private final MaxentModel model;
  /** The model evaluated through its parameters (null when it is not a quasi-Newton model: then {@code model.eval}). */
  private final SpanScorer scorer;
  private final Gazetteer gazetteer;
  private final PosLexicon lexicon;
  private final PosTagger tagger;
  private final NameLikeness likeness;
  private final int outside;

  public NameFinder(MaxentModel model, Gazetteer gazetteer, PosLexicon lexicon, PosTagger tagger,
      NameLikeness likeness) {
    this.model = Objects.requireNonNull(model, "model");
    this.gazetteer = Objects.requireNonNull(gazetteer, "gazetteer");
    this.lexicon = Objects.requireNonNull(lexicon, "lexicon");
    this.tagger = Objects.requireNonNull(tagger, "tagger");
    this.likeness = Objects.requireNonNull(likeness, "likeness");
    this.outside = model.getIndex(OUTSIDE);
    this.scorer = SpanScorer.of(model);
  }

  /** The model the build trained, the project's word lists and the OpenNLP POS model, all from the classpath. */
  public static NameFinder load() {
    POSModel pos = NerResources.posModel();
    return new NameFinder(readModel(NerResources.SPAN_MODEL), Gazetteer.load(), PosLexicon.of(pos),
        new PosTagger(pos), new NameLikeness(readModel(NerResources.WORD_MODEL)));
  }

  static MaxentModel readModel(String resource) {
    try (InputStream in = NerResources.open(resource)) {
      return new GenericModelReader(new BinaryFileDataReader(in)).getModel();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the NER model " + resource
          + " (it is built by the ner-model module)", e);
    }
  }

  public Gazetteer gazetteer() {
    return gazetteer;
  }

  public PosLexicon lexicon() {
    return lexicon;
  }

  public PosTagger tagger() {
    return tagger;
  }

  public NameLikeness likeness() {
    return likeness;
  }

  /** The names in {@code text}, ordered by start. */
  public List<Entity> find(String text) {
    if (!mayHoldName(text)) {
      return List.of();
    }
    Tokens tokens = Tokenizer.tokenize(text);
    return find(new Analysis(tokens, gazetteer, lexicon, tagger, likeness));
  }

  List<Entity> find(Analysis a) {
    List<int[]> spans = Candidates.of(a);
    if (spans.isEmpty()) {
      return List.of();
    }
    Tokens t = a.tokens;
    List<Scored> scored = new ArrayList<>(spans.size());
    double[] probs = new double[model.getNumOutcomes()];
    SpanScorer.Text text = scorer == null ? null : scorer.forText(a);
    for (int[] sp : spans) {
      if (excluded(a, sp[0], sp[1])) {
        continue;
      }
      if (text != null) {
        text.eval(sp[0], sp[1], probs);
      } else {
        // OpenNLP's maxent models add into the array they are given.
        Arrays.fill(probs, 0);
        model.eval(SpanFeatures.of(a, sp[0], sp[1]), probs);
      }
      int best = -1;
      for (int k = 0; k < probs.length; k++) {
        if (k != outside && (best < 0 || probs[k] > probs[best])) {
          best = k;
        }
      }
      if (probs[best] >= MIN_SCORE) {
        scored.add(new Scored(sp[0], sp[1], best, probs[best]));
      }
    }
    scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingInt(Scored::start));
    boolean[] taken = new boolean[t.size()];
    List<Entity> out = new ArrayList<>();
    for (Scored s : scored) {
      boolean free = true;
      for (int k = s.start; k < s.end && free; k++) {
        free = !taken[k];
      }
      if (!free) {
        continue;
      }
      for (int k = s.start; k < s.end; k++) {
        taken[k] = true;
      }
      out.add(new Entity(model.getOutcome(s.outcome), t.start(s.start), t.end(s.end - 1), s.score));
    }
    out.sort(Comparator.comparingInt(Entity::start));
    return out;
  }

  /** Hard rules over the model: a month, weekday or title alone is never a name. */
  private static boolean excluded(Analysis a, int s, int e) {
    if (e - s == 1) {
      boolean title = (a.has(s, Category.TITLE) || a.has(s, Category.ORG_SUFFIX)) && (a.mask[s] & Gazetteer.NAME) == 0;
      return a.has(s, Category.TEMPORAL) || title;
    }
    return false;
  }

  /** A quick scan: a text with no letter at all holds no name. */
  private static boolean mayHoldName(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isLetter(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private record Scored(int start, int end, int outcome, double score) {
  }
}
