package dev.warden.ner.train;

import dev.warden.ner.NameLikeness;
import dev.warden.ner.Tokenizer;
import dev.warden.ner.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import opennlp.tools.ml.model.Event;

/**
 * The training words of {@link NameLikeness}: the words of the corpus's PERSON and LOCATION
 * names, and ordinary words (the POS model's common words, and corpus words outside names that
 * do not open a sentence). Only words the corpus holds, so the evaluation's names stay unseen.
 */
final class WordShapes {
  private WordShapes() {
  }

  /** All training words ({@code fold} -1), or only those outside one fold (0 or 1). */
  static List<Event> events(List<LabelledText> texts, Set<String> commonWords, int notFold) {
    Set<String> labelled = new TreeSet<>();
    for (LabelledText lt : texts) {
      Tokens t = Tokenizer.tokenize(lt.text());
      boolean[] inName = new boolean[t.size()];
      for (LabelledText.Gold g : lt.names()) {
        String label = g.type().equals("PERSON") ? NameLikeness.PERSON
            : g.type().equals("LOCATION") ? NameLikeness.PLACE : null;
        for (int k = 0; k < t.size(); k++) {
          if (t.start(k) >= g.start() && t.end(k) <= g.end()) {
            inName[k] = true;
            if (label != null && isWord(t, k)) {
              labelled.add(t.lower(k) + "\t" + label);
            }
          }
        }
      }
      for (int k = 0; k < t.size(); k++) {
        if (!inName[k] && isWord(t, k) && !t.sentenceStart(k)) {
          labelled.add(t.lower(k) + "\t" + NameLikeness.WORD);
        }
      }
    }
    for (String w : commonWords) {
      if (w.length() > 2) {
        labelled.add(w + "\t" + NameLikeness.WORD);
      }
    }
    List<Event> events = new ArrayList<>(labelled.size());
    for (String entry : labelled) {
      int tab = entry.indexOf('\t');
      if (notFold >= 0 && NameLikeness.fold(entry.substring(0, tab)) == notFold) {
        continue;
      }
      events.add(new Event(entry.substring(tab + 1), NameLikeness.features(entry.substring(0, tab))));
    }
    return events;
  }

  private static boolean isWord(Tokens t, int k) {
    return t.has(k, Tokens.WORD) && !t.has(k, Tokens.INITIAL) && t.end(k) - t.start(k) > 2;
  }
}
