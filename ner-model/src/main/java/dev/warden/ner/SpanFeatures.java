package dev.warden.ner;

import dev.warden.ner.Gazetteer.Category;
import java.util.ArrayList;
import java.util.List;

/**
 * The features of one candidate span, the same at training and detection time. They describe
 * the span by what generalises to names never seen: its shape and length, which lists its words
 * are in (first name, surname, city, organisation keyword, title...), what the POS model says
 * about its words, the casing of its sentence, whether it starts a sentence, its neighbours
 * ("Dr", "said", "works at", "based in", "CEO of", a possessive) and whether it is cut out of a
 * longer run of capitalised words. Span words themselves are features only when the POS model
 * knows them as common words ("Please", "Version").
 */
public final class SpanFeatures {
  private static final Category[] CATEGORIES = Category.values();

  private SpanFeatures() {
  }

  public static String[] of(Analysis a, int s, int e) {
    Strings f = new Strings();
    emit(a, s, e, f);
    return f.features.toArray(new String[0]);
  }

  /**
   * Receives a span's features in order: {@link #add} a feature whose string is at hand,
   * {@link #cached} one of a token's features built once per text (a receiver that keeps
   * something per such feature, as {@link SpanScorer} keeps its parameters, can keep it by
   * kind and token instead of by string).
   */
  abstract static class Sink {
    abstract void add(String feature);

    void cached(Analysis a, int kind, int k) {
      add(SpanFeatures.cached(a, kind, k));
    }
  }

  /** Collects the feature strings. */
  private static final class Strings extends Sink {
    final List<String> features = new ArrayList<>(48);

    @Override
    void add(String feature) {
      features.add(feature);
    }
  }

  /** Gives {@code f} the features of span [s, e) in the order {@link #of} lists them. */
  static void emit(Analysis a, int s, int e, Sink f) {
    Tokens t = a.tokens;
    int n = e - s;
    f.add("b");
    f.add(LEN[Math.min(n, 5)]);
    f.cached(a, SH0, s);
    f.cached(a, SHL, e - 1);
    if (n == 2) {
      f.cached(a, SHS, s);
    }
    // Lists the span's words are in, by position.
    int any = 0;
    for (int k = s; k < e; k++) {
      int m = a.mask[k];
      any |= m;
      int role = role(k, s, e);
      if (m == 0) {
        if (k == s || k == e - 1) {
          f.add(G_NONE[role]);
        }
        continue;
      }
      for (Category c : CATEGORIES) {
        if ((m & c.bit()) != 0) {
          f.add(G[role][c.ordinal()]);
        }
      }
    }
    int whole = n == 1 ? a.mask[s] : a.gazetteer.mask(t.key(s, e));
    for (Category c : CATEGORIES) {
      if ((whole & c.bit()) != 0) {
        f.add(G[WHOLE][c.ordinal()]);
      }
    }
    if ((any & Category.ORG_KEYWORD.bit()) != 0) {
      f.add("kwOrg");
    }
    if ((any & Category.LOC_KEYWORD.bit()) != 0) {
      f.add("kwLoc");
    }
    if ((any & Category.TEMPORAL.bit()) != 0) {
      f.add(n == 1 ? "temporal1" : "temporal");
    }
    // The POS model's view of the words.
    String lx0 = a.lex(s);
    f.cached(a, LX0, s);
    f.cached(a, LXL, e - 1);
    if (n == 1 && !lx0.equals(PosLexicon.UNKNOWN) && !lx0.equals("PROPN")) {
      f.cached(a, WORD, s);
    }
    // Sentence position and casing.
    String style = a.sentenceCase[s];
    if (!style.equals(Analysis.MIXED)) {
      f.add(caseFeature(style));
    }
    if (t.sentenceStart(s)) {
      if (n == 1 && a.mask[s] == 0 && lx0.equals(PosLexicon.UNKNOWN) && !t.has(s, Tokens.ALL_CAPS)) {
        // A capitalised word the lists and the lexicon do not know: ask the tagger.
        f.cached(a, SS_POS, s);
      }
      f.add("ss");
      f.cached(a, SS_LX0, s);
      f.add(SS_LEN[Math.min(n, 3)]);
    }
    // Neighbours.
    String p1 = cached(a, CONTEXT, s - 1);
    String n1 = cached(a, CONTEXT, e);
    f.cached(a, P1, s - 1);
    f.cached(a, P2, s - 2);
    f.cached(a, N1, e);
    f.cached(a, N2, e + 1);
    f.cached(a, P21, s);
    f.cached(a, N12, e);
    for (int k = s - 3; k >= Math.max(0, s - 5); k--) {
      if (t.has(k, Tokens.WORD)) {
        f.cached(a, PW, k);
      }
    }
    for (int k = e + 2; k <= Math.min(t.size() - 1, e + 4); k++) {
      if (t.has(k, Tokens.WORD)) {
        f.cached(a, NW, k);
      }
    }
    if (s > 0 && a.nameLike(s - 1) && !t.sentenceStart(s)) {
      f.add("pcap");
    }
    if (a.nameLike(e) && !t.sentenceStart(e)) {
      f.add("ncap");
    }
    if (s > 0 && a.has(s - 1, Category.TITLE) && t.has(s - 1, Tokens.CAP)) {
      f.add("ptitle");
    }
    if (isComma(p1) && (isComma(n1) || n1.equals("and") || n1.equals("or"))) {
      f.add("list");
    }
    // The kind of the neighbouring item in a list: "Oslo, Stavanger, Trondheim".
    if ((isComma(p1) || p1.equals("and") || p1.equals("&")) && s >= 2) {
      f.add(PREV_ITEM[kind(a.mask[s - 2])]);
    }
    if ((isComma(n1) || n1.equals("and") || n1.equals("&")) && e + 1 < t.size()) {
      f.add(NEXT_ITEM[kind(a.mask[e + 1])]);
    }
    // How the words no list or lexicon knows look: a name, a place or a word ("Lorcan", "Checkout").
    if (unknown(a, s)) {
      f.cached(a, LIKE0, s);
    }
    if (e - 1 > s && unknown(a, e - 1)) {
      f.cached(a, LIKEL, e - 1);
    }
    // The ending of a last word no list knows (-son, -ez, -burg, -ton, -ski).
    if (a.mask[e - 1] == 0 && a.lex(e - 1).equals(PosLexicon.UNKNOWN)) {
      f.cached(a, SUFFIX, e - 1);
      int ending = ending(t.lower(e - 1));
      if (ending >= 0) {
        f.add(ENDING_FEATURES[ending]);
      }
    }
    boolean camel = false;
    boolean initial = false;
    for (int k = s + 1; k < e - 1; k++) {
      if (!a.nameLike(k)) {
        f.cached(a, INNER, k);
      }
    }
    for (int k = s; k < e; k++) {
      camel |= t.has(k, Tokens.CAMEL);
      initial |= k > s && t.has(k, Tokens.INITIAL);
    }
    if (camel) {
      f.add("camel");
    }
    if (initial) {
      f.add("midInitial");
    }
    if (n == 1 && t.has(s, Tokens.ALL_CAPS) && !style.equals(UPPER_STYLE)) {
      f.add("acronym");
    }
  }

  private static final String UPPER_STYLE = Analysis.UPPER;

  /** Kinds of per-token feature strings built once per text (neighbours repeat across candidates). */
  static final int CONTEXT = 0;
  static final int P1 = 1;
  static final int P2 = 2;
  static final int N1 = 3;
  static final int N2 = 4;
  static final int PW = 5;
  static final int NW = 6;
  static final int P21 = 7;
  static final int N12 = 8;
  static final int SH0 = 9;
  static final int SHL = 10;
  static final int LX0 = 11;
  static final int LXL = 12;
  static final int WORD = 13;
  static final int SUFFIX = 14;
  static final int LIKE0 = 15;
  static final int LIKEL = 16;
  static final int SHS = 17;
  static final int SS_POS = 18;
  static final int SS_LX0 = 19;
  static final int INNER = 20;
  static final int KINDS = 21;

  /*
   * Features with a value from a small set are made once per JVM, those of one token once per
   * text (above): the span classifier looks every feature up by its string, and a string made
   * afresh per span would be allocated and hashed again for each.
   */
  private static final String[] LEN = {"len=0", "len=1", "len=2", "len=3", "len=4", "len=5"};
  private static final String[] SS_LEN = {"ss&len=0", "ss&len=1", "ss&len=2", "ss&len=3"};
  private static final String[] KIND_NAMES = {"place", "name", "org", "none"};
  private static final String[] PREV_ITEM = prefixed("prevItem=", KIND_NAMES);
  private static final String[] NEXT_ITEM = prefixed("nextItem=", KIND_NAMES);

  private static String[] prefixed(String prefix, String[] values) {
    String[] out = new String[values.length];
    for (int k = 0; k < values.length; k++) {
      out[k] = prefix + values[k];
    }
    return out;
  }

  private static String caseFeature(String style) {
    return switch (style) {
      case Analysis.LOWER -> "case=" + Analysis.LOWER;
      case Analysis.UPPER -> "case=" + Analysis.UPPER;
      case Analysis.TITLE -> "case=" + Analysis.TITLE;
      default -> "case=" + style;
    };
  }

  /** Per kind, the prefix of its features (none for {@link #CONTEXT}, which is no feature itself). */
  static final String[] PREFIXES = new String[KINDS];

  static {
    String[][] prefixes = {{"", "CONTEXT"}, {"p1=", "P1"}, {"p2=", "P2"}, {"n1=", "N1"}, {"n2=", "N2"}, {"pw=", "PW"},
        {"nw=", "NW"}, {"p21=", "P21"}, {"n12=", "N12"}, {"sh0=", "SH0"}, {"shL=", "SHL"}, {"lx0=", "LX0"},
        {"lxL=", "LXL"}, {"w=", "WORD"}, {"suf=", "SUFFIX"}, {"like0=", "LIKE0"}, {"likeL=", "LIKEL"}, {"shs=", "SHS"},
        {"ssPos=", "SS_POS"}, {"ss&lx0=", "SS_LX0"}, {"inner=", "INNER"}};
    int[] kinds = {CONTEXT, P1, P2, N1, N2, PW, NW, P21, N12, SH0, SHL, LX0, LXL, WORD, SUFFIX, LIKE0, LIKEL, SHS, SS_POS,
        SS_LX0, INNER};
    for (int i = 0; i < kinds.length; i++) {
      PREFIXES[kinds[i]] = prefixes[i][0];
    }
  }

  /** Whether the features of a kind are its prefix and one value ({@link #value}), not a pair of values. */
  static boolean singleValued(int kind) {
    return kind != CONTEXT && kind != P21 && kind != N12 && kind != SHS;
  }

  /** The feature of one kind for token {@code k} (-2 .. size + 1), built on first use. */
  static String cached(Analysis a, int kind, int k) {
    String[] row = a.featureCache[kind];
    if (row == null) {
      row = new String[a.tokens.size() + 4];
      a.featureCache[kind] = row;
    }
    String v = row[k + 2];
    if (v == null) {
      String prefix = PREFIXES[kind];
      v = switch (kind) {
        case P21 -> prefix + cached(a, CONTEXT, k - 2) + "_" + cached(a, CONTEXT, k - 1);
        case N12 -> prefix + cached(a, CONTEXT, k) + "_" + cached(a, CONTEXT, k + 1);
        case CONTEXT -> context(a, k);
        case SHS -> prefix + a.shape(k) + "_" + a.shape(k + 1);
        default -> prefix + value(a, kind, k);
      };
      row[k + 2] = v;
    }
    return v;
  }

  /** The value of a {@link #singleValued} kind's feature for token {@code k}: the feature is its prefix and this. */
  static String value(Analysis a, int kind, int k) {
    return switch (kind) {
      case SH0, SHL -> a.shape(k);
      case SS_POS -> a.sentenceStartTag(k);
      case SS_LX0, LX0, LXL -> a.lex(k);
      case INNER -> context(a, k);
      case WORD -> a.tokens.lower(k);
      case SUFFIX -> suffix(a.tokens.lower(k));
      case LIKE0, LIKEL -> a.likeness(k);
      case P1, P2, N1, N2, PW, NW -> cached(a, CONTEXT, k);
      default -> throw new IllegalArgumentException("not a single-valued kind: " + kind);
    };
  }

  /** The features that describe the span's neighbours rather than the span. */
  public static boolean isContext(String feature) {
    return feature.startsWith("p1=") || feature.startsWith("p2=") || feature.startsWith("n1=")
        || feature.startsWith("n2=") || feature.startsWith("p21=") || feature.startsWith("n12=")
        || feature.startsWith("pw=") || feature.startsWith("nw=");
  }

  /** The features without those of the neighbours (used to train on spans out of context). */
  public static String[] withoutContext(String[] features) {
    return java.util.Arrays.stream(features).filter(f -> !isContext(f)).toArray(String[]::new);
  }

  /** Roles of a word in its span, and the whole span: the prefixes of the list features. */
  private static final String[] ROLES = {"g1=", "g0=", "gL=", "gM=", "gs="};
  private static final int WHOLE = 4;
  private static final String[][] G = new String[ROLES.length][CATEGORIES.length];
  private static final String[] G_NONE = new String[ROLES.length];

  static {
    for (int r = 0; r < ROLES.length; r++) {
      G_NONE[r] = ROLES[r] + "none";
      for (Category c : CATEGORIES) {
        G[r][c.ordinal()] = ROLES[r] + c.name();
      }
    }
  }

  private static int role(int k, int s, int e) {
    if (e - s == 1) {
      return 0;
    }
    return k == s ? 1 : k == e - 1 ? 2 : 3;
  }

  /** The kind of a list item, as an index of {@link #KIND_NAMES}. */
  private static int kind(int mask) {
    if ((mask & Gazetteer.PLACE) != 0) {
      return 0;
    }
    if ((mask & Gazetteer.NAME) != 0) {
      return 1;
    }
    return (mask & (Category.ORGANIZATION.bit() | Category.ORG_KEYWORD.bit())) != 0 ? 2 : 3;
  }

  private static boolean unknown(Analysis a, int k) {
    return a.mask[k] == 0 && a.lex(k).equals(PosLexicon.UNKNOWN) && a.tokens.has(k, Tokens.WORD);
  }

  private static boolean isComma(String c) {
    return c.equals(",") || c.equals(";");
  }

  /** How a neighbouring token is described: common words as themselves, names by their kind. */
  private static String context(Analysis a, int k) {
    Tokens t = a.tokens;
    if (k < 0) {
      return "<s>";
    }
    if (k >= t.size()) {
      return "</s>";
    }
    int f = t.flags(k);
    if ((f & Tokens.WORD) == 0) {
      if ((f & (Tokens.DIGIT | Tokens.CODE)) != 0) {
        return (f & Tokens.DIGIT) != 0 ? "<num>" : "<code>";
      }
      return t.end(k) - t.start(k) <= 2 ? t.lower(k) : "<sym>";
    }
    if ((f & Tokens.CAP) != 0 && a.nameLike(k)) {
      if (a.has(k, Category.TITLE)) {
        return "<title>";
      }
      String lex = a.lex(k);
      if (lex.equals(PosLexicon.UNKNOWN) || lex.startsWith("PROPN")) {
        return "<Cap>";
      }
    }
    return t.lower(k);
  }

  private static final String[] ENDINGS = {"ed", "ing", "tion", "sion", "ment", "ness", "able", "ible", "ity", "ive",
      "ous", "ful", "less", "ly", "ize", "ise", "ship", "ers"};
  private static final String[] ENDING_FEATURES = prefixed("ending=", ENDINGS);

  /** An English word ending that names rarely have (Unassigned, Pending, Settlement), as an index of {@link #ENDINGS}, or -1. */
  private static int ending(String w) {
    if (w.length() < 5) {
      return -1;
    }
    for (int k = 0; k < ENDINGS.length; k++) {
      if (w.endsWith(ENDINGS[k])) {
        return k;
      }
    }
    return -1;
  }

  private static String suffix(String w) {
    return w.length() <= 3 ? w : w.substring(w.length() - 3);
  }

  /** A coarse shape: Aa, A., AA, AaA (inner capitals), a, A-a, ... */
  static String shape(Tokens t, int k) {
    int f = t.flags(k);
    if ((f & Tokens.INITIAL) != 0) {
      return "A.";
    }
    if ((f & Tokens.ALL_CAPS) != 0) {
      return t.end(k) - t.start(k) <= 4 ? "AA" : "AAAA";
    }
    if ((f & Tokens.CAMEL) != 0) {
      return "AaA";
    }
    String base = (f & Tokens.CAP) != 0 ? "Aa" : (f & Tokens.LOWER) != 0 ? "a" : "?";
    String text = t.source().substring(t.start(k), t.end(k));
    if (text.indexOf('-') > 0) {
      base += "-";
    }
    if (text.indexOf('\'') > 0 || text.indexOf('\u2019') > 0) {
      base += "'";
    }
    if (text.endsWith(".")) {
      base += ".";
    }
    return base;
  }
}
