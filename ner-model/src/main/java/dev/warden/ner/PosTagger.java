package dev.warden.ner;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTaggerME;

/**
 * The OpenNLP English UD POS tagger, asked only where the word lists and the lexicon cannot tell:
 * a capitalised word nobody knows at the start of a sentence ("Horatio reproduced the bug" is
 * PROPN, "Escalation from the desk" is NOUN). Only the first few tokens of that sentence are
 * tagged (~20 us). {@code POSTaggerME} is not thread-safe and costs ~100 us to build, so taggers
 * are pooled: borrowed for one call, then returned.
 */
public final class PosTagger {
  /** Tokens tagged from the sentence start: enough context for the first word. */
  static final int WINDOW = 5;

  private final POSModel model;
  private final ConcurrentLinkedQueue<POSTaggerME> pool = new ConcurrentLinkedQueue<>();

  public PosTagger(POSModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /** The UD tag of token {@code s}, which starts a sentence, tagged with up to {@link #WINDOW} tokens after it. */
  public String tagAt(Tokens t, int s) {
    int e = s + 1;
    while (e < t.size() && e - s < WINDOW && !t.sentenceStart(e)) {
      e++;
    }
    String[] words = new String[e - s];
    for (int k = s; k < e; k++) {
      words[k - s] = t.text(k);
    }
    POSTaggerME tagger = pool.poll();
    if (tagger == null) {
      tagger = new POSTaggerME(model);
    }
    try {
      return tagger.tag(words)[0];
    } finally {
      pool.offer(tagger);
    }
  }
}
