package dev.warden.models.guard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The features of a set of guard models, numbered once for all of them, so that one text's
 * features are looked up once whatever the number of models that read it. A feature is a
 * unigram {@code w=token}, a stem {@code p=prefix} or a bigram {@code b=first_second} of
 * {@link GuardFeatures}; here a text's tokens are looked up (one hash lookup per token), a known
 * token's stem is read from a table and its bigrams found by the numbers of their two tokens, so
 * no feature string is made per text but the stem of a word no predicate names.
 *
 * <p>Exactness: a bigram predicate {@code b=x_y} is indexed under every split of {@code x_y} at
 * an underscore (tokens may hold one), so the pair of tokens a text has finds it whichever split
 * it is; a token no predicate mentions has no feature, and neither has any bigram it is part
 * of. Predicates of any other form are never made by {@link GuardFeatures} and are ignored.
 * Immutable and thread-safe.
 */
public final class GuardVocabulary {
  private static final String UNIGRAM = "w=";
  private static final String BIGRAM = "b=";
  private static final String STEM = "p=";
  /** A token that is plain punctuation: a phrase boundary, neither a unigram nor part of a bigram. */
  private static final int PUNCTUATION = -2;

  private final Map<String, Integer> tokens;
  private final Map<String, Integer> features;
  /** Per token number, its unigram's feature number, or -1. */
  private final int[] unigram;
  /** Per token number t, the bigrams starting with it are {@code [bigramFrom[t], bigramFrom[t + 1])}. */
  private final int[] bigramFrom;
  /** The second token of each bigram, ascending within one first token. */
  private final int[] bigramSecond;
  private final int[] bigramFeature;
  /** Stem text to feature number. */
  private final Map<String, Integer> stems;
  /** Per token number, its stem's feature number, or -1. */
  private final int[] stemOfToken;

  private GuardVocabulary(Collection<String> predicates) {
    Map<String, Integer> f = new HashMap<>();
    Map<String, Integer> t = new HashMap<>();
    List<long[]> pairs = new ArrayList<>(); // {first token, second token, feature}
    List<int[]> unigrams = new ArrayList<>();
    Map<String, Integer> s = new HashMap<>();
    for (String p : predicates) {
      if (f.containsKey(p)) {
        continue;
      }
      if (p.startsWith(UNIGRAM) && p.length() > UNIGRAM.length()) {
        int id = f.size();
        f.put(p, id);
        unigrams.add(new int[] {number(t, p.substring(UNIGRAM.length())), id});
      } else if (p.startsWith(STEM) && p.length() == STEM.length() + GuardFeatures.STEM) {
        int id = f.size();
        f.put(p, id);
        s.put(p.substring(STEM.length()), id);
      } else if (p.startsWith(BIGRAM)) {
        String pair = p.substring(BIGRAM.length());
        int id = -1;
        for (int u = pair.indexOf('_', 1); u > 0 && u < pair.length() - 1; u = pair.indexOf('_', u + 1)) {
          if (id < 0) {
            id = f.size();
            f.put(p, id);
          }
          pairs.add(new long[] {number(t, pair.substring(0, u)), number(t, pair.substring(u + 1)), id});
        }
      }
    }
    // HashMaps (never changed after this): most of a text's tokens miss, and Map.copyOf's
    // probing calls equals on each key it passes, where a HashMap compares cached hashes first
    this.tokens = new HashMap<>(t);
    this.features = Map.copyOf(f);
    this.stems = new HashMap<>(s);
    this.stemOfToken = new int[t.size()];
    for (Map.Entry<String, Integer> e : t.entrySet()) {
      stemOfToken[e.getValue()] = stemFeature(e.getKey());
    }
    this.unigram = new int[t.size()];
    Arrays.fill(unigram, -1);
    for (int[] u : unigrams) {
      unigram[u[0]] = u[1];
    }
    pairs.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    this.bigramFrom = new int[t.size() + 1];
    this.bigramSecond = new int[pairs.size()];
    this.bigramFeature = new int[pairs.size()];
    for (int i = 0; i < pairs.size(); i++) {
      long[] p = pairs.get(i);
      bigramFrom[(int) p[0] + 1]++;
      bigramSecond[i] = (int) p[1];
      bigramFeature[i] = (int) p[2];
    }
    for (int i = 0; i < t.size(); i++) {
      bigramFrom[i + 1] += bigramFrom[i];
    }
  }

  private static int number(Map<String, Integer> tokens, String token) {
    return tokens.computeIfAbsent(token, k -> tokens.size());
  }

  /** The vocabulary of models with these predicates (the union of their feature names). */
  public static GuardVocabulary of(Collection<String> predicates) {
    return new GuardVocabulary(predicates);
  }

  /** How many features there are: feature numbers are {@code 0 .. size() - 1}. */
  public int size() {
    return features.size();
  }

  /** The number of a predicate, or -1 when {@link GuardFeatures} can never make it. */
  public int feature(String predicate) {
    Integer id = features.get(predicate);
    return id == null ? -1 : id;
  }

  private int bigram(int first, int second) {
    int k = Arrays.binarySearch(bigramSecond, bigramFrom[first], bigramFrom[first + 1], second);
    return k >= 0 ? bigramFeature[k] : -1;
  }

  /** The feature number of a token's stem, or -1 (none, or no model has it). */
  private int stemFeature(String token) {
    String stem = stems.isEmpty() ? null : GuardFeatures.stem(token);
    Integer id = stem == null ? null : stems.get(stem);
    return id == null ? -1 : id;
  }

  private int token(String token) {
    if (GuardFeatures.isPlainPunctuation(token)) {
      return PUNCTUATION;
    }
    Integer id = tokens.get(token);
    return id == null ? -1 : id;
  }

  /**
   * The windows of {@code tokens}: {@link GuardClassifier#WINDOW} tokens each, every
   * {@link GuardClassifier#STRIDE}; always at least one (empty for no tokens). Each window is
   * the numbers of its distinct known features in the order {@link GuardFeatures#features}
   * gives them (unknown features add nothing to a score, so they are left out).
   */
  public Windows windows(String[] tokens) {
    int n = tokens.length;
    int[] token = new int[n];
    for (int i = 0; i < n; i++) {
      token[i] = token(tokens[i]);
    }
    int[] uni = new int[n];
    int[] stem = new int[n];
    int[] bi = new int[n];
    for (int i = 0; i < n; i++) {
      uni[i] = token[i] >= 0 ? unigram[token[i]] : -1;
      stem[i] = token[i] >= 0 ? stemOfToken[token[i]] : token[i] == PUNCTUATION ? -1 : stemFeature(tokens[i]);
      bi[i] = token[i] >= 0 && i + 1 < n && token[i + 1] >= 0 ? bigram(token[i], token[i + 1]) : -1;
    }
    Dedup dedup = new Dedup(uni, stem, bi);
    List<int[]> out = new ArrayList<>(n / GuardClassifier.STRIDE + 1);
    for (int from = 0; ; from += GuardClassifier.STRIDE) {
      int to = Math.min(n, from + GuardClassifier.WINDOW);
      out.add(dedup.window(from, to));
      if (to == n) {
        return new Windows(this, List.copyOf(out));
      }
    }
  }

  /**
   * Takes each feature once per window. Features are numbered locally (in a small open-addressing
   * table over the text's known features) so that "already taken in this window" is one array
   * read, whatever the size of the vocabulary. For one text and one thread.
   */
  private static final class Dedup {
    private final int[] uni;
    private final int[] stem;
    private final int[] bi;
    private final int[] uniLocal;
    private final int[] stemLocal;
    private final int[] biLocal;
    private final int[] takenBy;
    private int window;

    Dedup(int[] uni, int[] stem, int[] bi) {
      this.uni = uni;
      this.stem = stem;
      this.bi = bi;
      int n = uni.length;
      int known = 0;
      for (int i = 0; i < n; i++) {
        known += (uni[i] >= 0 ? 1 : 0) + (stem[i] >= 0 ? 1 : 0) + (bi[i] >= 0 ? 1 : 0);
      }
      int capacity = Integer.highestOneBit(Math.max(8, known) * 2 - 1) << 1;
      int shift = Integer.numberOfLeadingZeros(capacity) + 1;
      int[] keys = new int[capacity];
      int[] values = new int[capacity];
      Arrays.fill(keys, -1);
      int locals = 0;
      uniLocal = new int[n];
      stemLocal = new int[n];
      biLocal = new int[n];
      int[][] features = {uni, stem, bi};
      int[][] localOf = {uniLocal, stemLocal, biLocal};
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < 3; k++) {
          int feature = features[k][i];
          int local = -1;
          if (feature >= 0) {
            int slot = (feature * 0x9E3779B9) >>> shift;
            while (keys[slot] >= 0 && keys[slot] != feature) {
              slot = (slot + 1) & (capacity - 1);
            }
            if (keys[slot] < 0) {
              keys[slot] = feature;
              values[slot] = locals++;
            }
            local = values[slot];
          }
          localOf[k][i] = local;
        }
      }
      takenBy = new int[locals];
    }

    /** The distinct known features of tokens {@code [from, to)}: per token its unigram, stem and bigram, in text order. */
    int[] window(int from, int to) {
      window++;
      int[] out = new int[3 * (to - from)];
      int k = 0;
      for (int i = from; i < to; i++) {
        if (uniLocal[i] >= 0 && takenBy[uniLocal[i]] != window) {
          takenBy[uniLocal[i]] = window;
          out[k++] = uni[i];
        }
        if (stemLocal[i] >= 0 && takenBy[stemLocal[i]] != window) {
          takenBy[stemLocal[i]] = window;
          out[k++] = stem[i];
        }
        if (i + 1 < to && biLocal[i] >= 0 && takenBy[biLocal[i]] != window) {
          takenBy[biLocal[i]] = window;
          out[k++] = bi[i];
        }
      }
      return Arrays.copyOf(out, k);
    }
  }

  /**
   * What the models of one vocabulary read of one text: each window as the numbers of its
   * features. Made once per text, so texts read by several models need it only once. Immutable.
   */
  public static final class Windows {
    private final GuardVocabulary vocabulary;
    private final List<int[]> windows;

    private Windows(GuardVocabulary vocabulary, List<int[]> windows) {
      this.vocabulary = vocabulary;
      this.windows = windows;
    }

    /** The vocabulary the features are numbered in. */
    public GuardVocabulary vocabulary() {
      return vocabulary;
    }

    /** How many windows the text has (at least one). */
    public int size() {
      return windows.size();
    }

    int[] window(int i) {
      return windows.get(i);
    }
  }
}
