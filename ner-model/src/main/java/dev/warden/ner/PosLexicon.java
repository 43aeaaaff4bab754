package dev.warden.ner;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.postag.POSModel;

/**
 * What the OpenNLP English UD POS model knows about single words: for every word it has a
 * feature for ({@code w=<lower-cased word>}, about 4,000 frequent words), the universal tag that
 * word's own weight favours most, and whether it also leans to {@code PROPN}. "please" is
 * INTJ, "thanks" NOUN, "the" DET, "paris" PROPN, "bill" PROPN but also NOUN and VERB.
 *
 * <p>Running the tagger itself costs ~10 us per token here (2 ms per KB), far over the
 * detector's budget; reading its lexical weights once gives the span classifier the tagger's
 * knowledge of common words at the cost of a map lookup.
 */
public final class PosLexicon {
  /** Tags of closed word classes: a capitalised one is a sentence start, never a name. */
  private static final Set<String> CLOSED = Set.of("DET", "PRON", "ADP", "AUX", "CCONJ", "SCONJ", "PART", "INTJ",
      "NUM", "PRON+AUX", "AUX+PART", "PRON+VERB", "ADV+AUX");

  /** The class of a word the model has no feature for. */
  public static final String UNKNOWN = "UNK";

  private final Map<String, String> classes;

  private PosLexicon(Map<String, String> classes) {
    this.classes = new HashMap<>(classes); // never changed after this; misses compare hashes, not keys
  }

  /** The lexicon of a POS model (see {@link NerResources#posModel()}). */
  public static PosLexicon of(POSModel model) {
    AbstractModel m = (AbstractModel) model.getArtifact("pos.model");
    Object[] data = m.getDataStructures();
    Context[] params = (Context[]) data[0];
    @SuppressWarnings("unchecked")
    Map<String, Context> pmap = (Map<String, Context>) data[1];
    String[] outcomes = (String[]) data[2];
    Map<String, String> classes = new HashMap<>();
    for (Map.Entry<String, Context> e : pmap.entrySet()) {
      String pred = e.getKey();
      if (!pred.startsWith("w=")) {
        continue;
      }
      Context c = params.length > 0 ? e.getValue() : null;
      if (c == null) {
        continue;
      }
      int[] oc = c.getOutcomes();
      double[] ps = c.getParameters();
      int best = -1;
      double propn = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < oc.length; k++) {
        if (best < 0 || ps[k] > ps[best]) {
          best = k;
        }
        if (outcomes[oc[k]].startsWith("PROPN")) {
          propn = Math.max(propn, ps[k]);
        }
      }
      if (best < 0) {
        continue;
      }
      String top = outcomes[oc[best]];
      String cls;
      if (top.startsWith("PROPN")) {
        cls = "PROPN";
      } else if (CLOSED.contains(top)) {
        cls = propn > 0 ? "CLOSED+P" : "CLOSED";
      } else {
        int plus = top.indexOf('+');
        cls = (plus > 0 ? top.substring(0, plus) : top) + (propn > 0 ? "+P" : "");
      }
      classes.put(pred.substring(2), cls);
    }
    return new PosLexicon(classes);
  }

  /**
   * The class of a lower-cased word: PROPN, CLOSED, NOUN, VERB, ADJ, ADV, ... ("+P" when it also
   * leans to PROPN), or UNK.
   */
  public String classOf(String lower) {
    String c = classes.get(lower);
    return c == null ? UNKNOWN : c;
  }

  /** A closed-class word (the, we, if, please, and) that does not lean to PROPN. */
  public boolean isClosed(String lower) {
    return "CLOSED".equals(classes.get(lower));
  }

  /** The words the model knows that it does not lean to read as proper nouns. */
  public java.util.Set<String> commonWords() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    classes.forEach((w, c) -> {
      if (!c.startsWith("PROPN") && !c.endsWith("+P")) {
        out.add(w);
      }
    });
    return out;
  }

  public int size() {
    return classes.size();
  }
}
