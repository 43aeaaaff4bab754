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

  /** At most this many tagger calls per text, so a list of unknown words cannot make a text slow. */
  static final int MAX_TAGGER_CALLS = 8;

  final Tokens tokens;
  final Gazetteer gazetteer;
  final PosLexicon lexicon;
  final PosTagger tagger;
  final NameLikeness likeness;
  private String[] tags;
  private int taggerCalls;
  final String[][] featureCache = new String[SpanFeatures.KINDS][];
  private String[] shapes;
  private String[] looks;
  final int[] mask;
  final String[] lexClass;
  final boolean[] nameLike;
  final String[] sentenceCase;

  public Analysis(Tokens tokens, Gazetteer gazetteer, PosLexicon lexicon, PosTagger tagger, NameLikeness likeness) {
    this.tokens = tokens;
    this.gazetteer = gazetteer;
    this.lexicon = lexicon;
    this.tagger = tagger;
    this.likeness = likeness;
    int n = tokens.size();
    mask = new int[n];
    lexClass = new String[n];
    nameLike = new boolean[n];
    sentenceCase = new String[n];
    markSentenceCase();
    for (int i = 0; i < n; i++) {
      if (!tokens.has(i, Tokens.WORD)) {
        continue;
      }
      boolean cap = tokens.has(i, Tokens.CAP);
      if (!cap && (sentenceCase[i] != LOWER || !mayBeLowerName(i))) {
        continue;
      }
      String lower = tokens.lower(i);
      mask[i] = gazetteer.mask(lower);
      lexClass[i] = lexicon.classOf(lower);
      boolean closed = lexClass[i].equals("CLOSED") && (mask[i] & (Gazetteer.NAME | Gazetteer.PLACE)) == 0;
      if (cap) {
        // "Halvorsen Shipping AS": a legal form after a name is part of it, even when it is also a word.
        boolean suffix = (mask[i] & Category.ORG_SUFFIX.bit()) != 0 && !tokens.sentenceStart(i);
        nameLike[i] = (!closed || suffix) && !lower.equals("'s");
      } else {
        // "us", "may", "will" in lower case are words, whatever the lists say.
        String lex = lexClass[i];
        // A lower-case name is only looked for where nothing is capitalised (chat).
        boolean word = lower.length() < 3 || !(lex.equals(PosLexicon.UNKNOWN) || lex.equals("PROPN"))
            || sentenceCase[i] != LOWER;
        nameLike[i] = !word && (mask[i] & (Gazetteer.NAME | Gazetteer.PLACE | Category.ORGANIZATION.bit())) != 0;
      }
    }
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

  /** The coarse shape of a token, computed once. */
  String shape(int i) {
    if (shapes == null) {
      shapes = new String[tokens.size()];
    }
    String s = shapes[i];
    if (s == null) {
      s = SpanFeatures.shape(tokens, i);
      shapes[i] = s;
    }
    return s;
  }

  /** What {@link NameLikeness#classify} says of the token's lower-cased text, computed once. */
  String likeness(int i) {
    if (looks == null) {
      looks = new String[tokens.size()];
    }
    String l = looks[i];
    if (l == null) {
      l = likeness.classify(tokens.lower(i));
      looks[i] = l;
    }
    return l;
  }

  /** The POS tag of a sentence-initial token, or "skip" past {@link #MAX_TAGGER_CALLS} per text. */
  String sentenceStartTag(int i) {
    if (tags == null) {
      tags = new String[tokens.size()];
    }
    if (tags[i] == null) {
      tags[i] = taggerCalls++ < MAX_TAGGER_CALLS ? tagger.tagAt(tokens, i) : "skip";
    }
    return tags[i];
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
