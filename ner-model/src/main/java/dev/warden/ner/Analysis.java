package dev.warden.ner;

import dev.warden.ner.Gazetteer.Category;

/**
 * Per-token facts the candidates and features read many times: gazetteer bits, the POS
 * lexicon's class, a shape, whether the token can be part of a name, and the casing style of
 * its sentence. Computed once per text; not shared between threads.
 */
public final class Analysis {
  /** Sentence casing styles. */
  static final String MIXED = "mixed";
  static final String LOWER = "lower";
  static final String UPPER = "upper";
  static final String TITLE = "title";

  final Tokens tokens;
  final Gazetteer gazetteer;
  final PosLexicon lexicon;
  final int[] mask;
  final String[] lexClass;
  final boolean[] nameLike;
  final String[] sentenceCase;

  public Analysis(Tokens tokens, Gazetteer gazetteer, PosLexicon lexicon) {
    this.tokens = tokens;
    this.gazetteer = gazetteer;
    this.lexicon = lexicon;
    int n = tokens.size();
    mask = new int[n];
    lexClass = new String[n];
    nameLike = new boolean[n];
    sentenceCase = new String[n];
    for (int i = 0; i < n; i++) {
      if (!tokens.has(i, Tokens.WORD)) {
        continue;
      }
      boolean cap = tokens.has(i, Tokens.CAP);
      if (!cap && !mayBeLowerName(i)) {
        continue;
      }
      String lower = tokens.lower(i);
      mask[i] = gazetteer.mask(lower);
      lexClass[i] = lexicon.classOf(lower);
      boolean closed = lexClass[i].equals("CLOSED") && (mask[i] & (Gazetteer.NAME | Gazetteer.PLACE)) == 0;
      if (cap) {
        nameLike[i] = !closed && !lower.equals("'s");
      } else {
        // "us", "may", "will" in lower case are words, whatever the lists say.
        boolean word = lexClass[i].startsWith("CLOSED") || lexClass[i].startsWith("AUX") || lower.length() < 3;
        nameLike[i] = !word && (mask[i] & (Gazetteer.NAME | Gazetteer.PLACE | Category.ORGANIZATION.bit())) != 0;
      }
    }
    markSentenceCase();
  }

  /** Only lower-case words that could be in a list are looked up (saves lookups for "the", "and"). */
  private boolean mayBeLowerName(int i) {
    return tokens.end(i) - tokens.start(i) >= 2;
  }

  private void markSentenceCase() {
    int n = tokens.size();
    int s = 0;
    while (s < n) {
      int e = s + 1;
      while (e < n && !tokens.sentenceStart(e)) {
        e++;
      }
      int words = 0;
      int caps = 0;
      int allCaps = 0;
      int lower = 0;
      for (int i = s; i < e; i++) {
        if (!tokens.has(i, Tokens.WORD)) {
          continue;
        }
        words++;
        if (tokens.has(i, Tokens.ALL_CAPS)) {
          allCaps++;
        }
        if (tokens.has(i, Tokens.CAP)) {
          caps++;
        } else if (tokens.has(i, Tokens.LOWER)) {
          lower++;
        }
      }
      String style = MIXED;
      if (words >= 3 && caps == 0) {
        style = LOWER;
      } else if (words >= 3 && allCaps * 10 >= words * 8) {
        style = UPPER;
      } else if (words >= 5 && caps * 10 >= words * 8) {
        style = TITLE;
      }
      for (int i = s; i < e; i++) {
        sentenceCase[i] = style;
      }
      s = e;
    }
  }

  public Tokens tokens() {
    return tokens;
  }

  public boolean nameLike(int i) {
    return i >= 0 && i < tokens.size() && nameLike[i];
  }

  boolean has(int i, Category c) {
    return (mask[i] & c.bit()) != 0;
  }

  /** The lexicon class, looked up lazily for tokens the constructor skipped. */
  String lex(int i) {
    String c = lexClass[i];
    if (c == null) {
      c = tokens.has(i, Tokens.WORD) ? lexicon.classOf(tokens.lower(i)) : "NONWORD";
      lexClass[i] = c;
    }
    return c;
  }
}
