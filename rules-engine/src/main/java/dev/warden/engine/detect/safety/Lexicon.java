package dev.warden.engine.detect.safety;

import dev.warden.models.guard.GuardModels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The safety lexicons: weighted phrases per category (resources {@code hate.tsv},
 * {@code violence.tsv}, {@code self_harm.tsv}, {@code sexual.tsv} over the word lists of
 * {@code lists.tsv}), technical and idiomatic senses that do not count ({@code exceptions.tsv}:
 * "kill the process", "to die for"), and the context that lowers a match ({@code context.tsv}:
 * a negation just before it, quotation marks, an educational, historical, medical or news
 * sentence). Slurs are not spelled out anywhere: {@code hate-terms.fnv} holds their FNV-1a hashes.
 * Matches that overlap are one piece of evidence (the strongest counts); a category's score is
 * the noisy-or of its separate pieces. Immutable and thread-safe.
 */
final class Lexicon {
  static final List<String> CATEGORIES = GuardModels.SAFETY_CATEGORIES;
  static final int HATE = CATEGORIES.indexOf("hate");
  static final double NEGATED = 0.3;
  static final double QUOTED = 0.6;
  static final double CONTEXT = 0.45;
  private static final int NEGATION_REACH = 3;

  /** A phrase or an exception of one category (-1: all), numbered from 0 across both. */
  record Entry(int category, Phrase phrase, int number) {
  }

  /** Prefix entries are found by the first {@value #PREFIX_KEY} letters of a word. */
  private static final int PREFIX_KEY = WordIndex.PREFIX_KEY;

  /** Phrases, exceptions and context cues by word and by first letters. */
  private final WordIndex index;
  private final Set<String> negations;
  /** The FNV-1a hashes of hate-terms.fnv, ascending, and their weights: looked up without boxing a key per word. */
  private final long[] hashedTerms;
  private final double[] hashedWeights;
  /** How many words the phrases' vocabulary has, and how many entries (phrases and exceptions) there are. */
  private final int vocabularySize;
  private final int entries;

  private Lexicon(List<Entry> phrases, List<Entry> exceptions, Set<String> negations, Map<String, Integer> cueWords,
      List<Map.Entry<String, Integer>> cuePrefixes, Map<Long, Double> hashedTerms, Map<String, Integer> vocabulary) {
    Map<String, List<Entry>> w = new HashMap<>();
    Map<String, List<Entry>> p = new HashMap<>();
    index(phrases, w, p);
    Map<String, List<Entry>> ew = new HashMap<>();
    Map<String, List<Entry>> ep = new HashMap<>();
    index(exceptions, ew, ep);
    this.negations = new HashSet<>(negations);
    Map<String, List<Map.Entry<String, Integer>>> cp = new HashMap<>();
    for (Map.Entry<String, Integer> prefix : cuePrefixes) {
      if (prefix.getKey().length() < PREFIX_KEY) {
        throw new IllegalArgumentException("a cue prefix is at least " + PREFIX_KEY + " letters: " + prefix.getKey());
      }
      cp.computeIfAbsent(prefix.getKey().substring(0, PREFIX_KEY), k -> new ArrayList<>()).add(prefix);
    }
    cp.replaceAll((k, v) -> List.copyOf(v));
    // the phrases' words are numbered (see Phrase#parse) in the index, so that one lookup per
    // word of a text gives its number and what it starts
    this.index = new WordIndex(vocabulary, ew, w, cueWords, ep, p, cp);
    this.vocabularySize = vocabulary.size();
    this.entries = phrases.size() + exceptions.size();
    this.hashedTerms = hashedTerms.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    this.hashedWeights = Arrays.stream(this.hashedTerms).mapToDouble(hashedTerms::get).toArray();
  }

  private static void index(List<Entry> entries, Map<String, List<Entry>> byWord, Map<String, List<Entry>> byPrefix) {
    for (Entry e : entries) {
      for (String first : e.phrase().firstWords()) {
        boolean prefix = first.endsWith("*");
        String key = prefix ? first.substring(0, first.length() - 1) : first;
        if (prefix && key.length() < PREFIX_KEY) {
          throw new IllegalArgumentException("a phrase may not start with a prefix shorter than " + PREFIX_KEY + ": " + first);
        }
        List<Entry> list = (prefix ? byPrefix : byWord).computeIfAbsent(prefix ? key.substring(0, PREFIX_KEY) : key,
            k -> new ArrayList<>());
        if (!list.contains(e)) {
          list.add(e);
        }
      }
    }
    byWord.replaceAll((k, v) -> List.copyOf(v));
    byPrefix.replaceAll((k, v) -> List.copyOf(v));
  }

  /** The lexicons shipped in this package. */
  static Lexicon load() {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    for (String[] row : rows("lists.tsv")) {
      lists.computeIfAbsent(row[0], k -> new ArrayList<>()).addAll(Arrays.stream(row[1].split("\\|")).map(String::trim)
          .filter(m -> !m.isEmpty()).toList());
    }
    Map<String, Integer> vocabulary = new HashMap<>();
    List<Entry> phrases = new ArrayList<>();
    for (int c = 0; c < CATEGORIES.size(); c++) {
      for (String[] row : rows(CATEGORIES.get(c) + ".tsv")) {
        phrases.add(new Entry(c, Phrase.parse(Double.parseDouble(row[0]), row[1], lists, vocabulary), phrases.size()));
      }
    }
    List<Entry> exceptions = new ArrayList<>();
    for (String[] row : rows("exceptions.tsv")) {
      for (String category : row[0].split(",")) {
        int c = category.equals("all") ? -1 : CATEGORIES.indexOf(category.trim());
        if (c < -1 || (c == -1 && !category.equals("all"))) {
          throw new IllegalArgumentException("exceptions.tsv: unknown category " + category);
        }
        exceptions.add(new Entry(c, Phrase.parse(1, row[1], lists, vocabulary), phrases.size() + exceptions.size()));
      }
    }
    Set<String> negations = Set.of();
    Map<String, Integer> cueWords = new HashMap<>();
    List<Map.Entry<String, Integer>> cuePrefixes = new ArrayList<>();
    for (String[] row : rows("context.tsv")) {
      List<String> words = Arrays.asList(row[1].trim().split("\\s+"));
      if (row[0].equals("negation")) {
        negations = Set.copyOf(words);
        continue;
      }
      int mask = 0;
      for (String category : row[0].substring("cue:".length()).split(",")) {
        int c = CATEGORIES.indexOf(category.trim());
        mask |= category.trim().equals("all") ? (1 << CATEGORIES.size()) - 1 : 1 << c;
      }
      for (String w : words) {
        if (w.endsWith("*")) {
          cuePrefixes.add(Map.entry(w.substring(0, w.length() - 1), mask));
        } else {
          cueWords.merge(w, mask, (a, b) -> a | b);
        }
      }
    }
    Map<Long, Double> hashed = new HashMap<>();
    for (String[] row : rows("hate-terms.fnv")) {
      hashed.put(Long.parseUnsignedLong(row[0], 16), Double.parseDouble(row[1]));
    }
    return new Lexicon(phrases, exceptions, negations, cueWords, cuePrefixes, hashed, vocabulary);
  }

  private static List<String[]> rows(String resource) {
    try (InputStream in = Lexicon.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("safety lexicon missing: " + resource);
      }
      List<String[]> out = new ArrayList<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", 2);
        if (cols.length != 2) {
          throw new IllegalArgumentException(resource + ": expected two tab-separated columns: " + line);
        }
        out.add(new String[] {cols[0].trim(), cols[1].trim()});
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This lexicon with more hashed terms (for tests: no slur needs spelling out to test the lookup). */
  Lexicon withHashedTerms(Map<Long, Double> more) {
    Map<Long, Double> all = new HashMap<>();
    for (int i = 0; i < hashedTerms.length; i++) {
      all.put(hashedTerms[i], hashedWeights[i]);
    }
    all.putAll(more);
    return new Lexicon(this, all);
  }

  private Lexicon(Lexicon base, Map<Long, Double> hashedTerms) {
    this.index = base.index;
    this.negations = base.negations;
    this.vocabularySize = base.vocabularySize;
    this.entries = base.entries;
    this.hashedTerms = hashedTerms.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    this.hashedWeights = Arrays.stream(this.hashedTerms).mapToDouble(hashedTerms::get).toArray();
  }

  /** FNV-1a, 64 bits: how hate-terms.fnv names its words. */
  static long fnv(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** The lexicon score (0..1) of each of {@link #CATEGORIES}. */
  double[] score(Tokens t) {
    return evidence(t)[0];
  }

  /**
   * Per category: {score 0..1, 1 if a sentence of the text has an educational, medical,
   * historical or reporting cue for the category, else 0}, as two arrays.
   */
  double[][] evidence(Tokens t) {
    Matches m = matches(t);
    int cats = CATEGORIES.size();
    double[] out = new double[cats];
    double[] cued = new double[cats];
    int anyCue = 0;
    for (int cue : m.sentenceCues()) {
      anyCue |= cue;
    }
    for (int c = 0; c < cats; c++) {
      out[c] = noisyOrOfSeparateMatches(m.found().get(c));
      cued[c] = (anyCue & (1 << c)) != 0 ? 1 : 0;
    }
    return new double[][] {out, cued};
  }

  /**
   * What the lexicon found in a text: per category, its matches {first word, end word
   * (exclusive), weight after context} in order of start; per sentence, its cue categories.
   */
  record Matches(List<List<double[]>> found, int[] sentenceCues) {
  }

  /** The matches of every category in {@code t}, before they are combined into scores. */
  Matches matches(Tokens text) {
    int n = text.size();
    int cats = CATEGORIES.size();
    WordIndex.Word[] words = new WordIndex.Word[n];
    WordIndex.Prefix[] prefixes = new WordIndex.Prefix[n];
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      words[i] = index.word(text.words[i]);
      ids[i] = words[i] == null ? -1 : words[i].id();
      prefixes[i] = index.prefix(text.words[i]);
    }
    Tokens t = text.numbered(ids);
    // which of the phrases' words the text has, and per entry whether it can match at all (0: not
    // worked out yet): most phrases need some word of a list ("i will ~2 @harm") that most
    // texts lack, and are then not tried at each of their first words
    boolean[] present = new boolean[vocabularySize];
    for (int id : ids) {
      if (id >= 0) {
        present[id] = true;
      }
    }
    byte[] possible = new byte[entries];
    int[] sentenceCues = sentenceCues(t, words, prefixes);
    boolean[][] masked = new boolean[cats][];
    List<Entry> candidates = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      candidates(words[i] == null ? List.of() : words[i].exceptions(),
          prefixes[i] == null ? List.of() : prefixes[i].exceptions(), t.words[i], candidates);
      for (int k = 0; k < candidates.size(); k++) {
        Entry e = candidates.get(k);
        int end = possible(e, present, possible) ? e.phrase().match(t, i) : -1;
        if (end > i) {
          for (int c = 0; c < cats; c++) {
            if (e.category() == -1 || e.category() == c) {
              if (masked[c] == null) {
                masked[c] = new boolean[n];
              }
              Arrays.fill(masked[c], i, end, true);
            }
          }
        }
      }
    }
    List<List<double[]>> found = new ArrayList<>(cats);
    for (int c = 0; c < cats; c++) {
      found.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      candidates(words[i] == null ? List.of() : words[i].phrases(),
          prefixes[i] == null ? List.of() : prefixes[i].phrases(), t.words[i], candidates);
      for (int k = 0; k < candidates.size(); k++) {
        Entry e = candidates.get(k);
        int c = e.category();
        if (masked[c] != null && masked[c][i]) {
          continue;
        }
        int end = possible(e, present, possible) ? e.phrase().match(t, i) : -1;
        if (end > i) {
          found.get(c).add(new double[] {i, end, e.phrase().weight * context(t, i, c, sentenceCues)});
        }
      }
      int slur = hashedTerms.length == 0 ? -1 : Arrays.binarySearch(hashedTerms, fnv(t.words[i]));
      if (slur >= 0 && (masked[HATE] == null || !masked[HATE][i])) {
        found.get(HATE).add(new double[] {i, i + 1, hashedWeights[slur] * context(t, i, HATE, sentenceCues)});
      }
    }
    return new Matches(found, sentenceCues);
  }

  /** Whether the text whose words are {@code present} has a word for each element of {@code e} that needs one, worked out once per entry. */
  private static boolean possible(Entry e, boolean[] present, byte[] possible) {
    if (possible[e.number()] == 0) {
      possible[e.number()] = (byte) (e.phrase().possibleWith(present) ? 1 : -1);
    }
    return possible[e.number()] > 0;
  }

  /** Matches (start, end, weight) in order of start; overlapping ones count once, by their strongest. */
  private static double noisyOrOfSeparateMatches(List<double[]> matches) {
    double none = 1;
    double clusterEnd = -1;
    double clusterMax = 0;
    for (double[] m : matches) {
      if (m[0] >= clusterEnd) {
        none *= 1 - clusterMax;
        clusterMax = 0;
      }
      clusterMax = Math.max(clusterMax, m[2]);
      clusterEnd = Math.max(clusterEnd, m[1]);
    }
    return 1 - none * (1 - clusterMax);
  }

  /** Into {@code out} (cleared first): the entries of the word, then those of its first letters that it starts with. */
  private static void candidates(List<Entry> exact, List<Entry> prefixed, String word, List<Entry> out) {
    out.clear();
    for (int k = 0; k < exact.size(); k++) {
      out.add(exact.get(k));
    }
    for (int k = 0; k < prefixed.size(); k++) {
      Entry e = prefixed.get(k);
      if (e.phrase().startsWithPrefixOf(word)) {
        out.add(e);
      }
    }
  }

  /** How much the context of the match at word {@code i} keeps of its weight. */
  private double context(Tokens t, int i, int category, int[] sentenceCues) {
    double k = 1;
    for (int j = Math.max(0, i - NEGATION_REACH); j < i; j++) {
      if (t.sentence[j] == t.sentence[i] && negations.contains(t.words[j])) {
        k *= NEGATED;
        break;
      }
    }
    if (t.quoted[i]) {
      k *= QUOTED;
    }
    if ((sentenceCues[t.sentence[i]] & (1 << category)) != 0) {
      k *= CONTEXT;
    }
    return k;
  }

  /** For each sentence, the categories whose educational, medical, historical or reporting cues it holds. */
  private static int[] sentenceCues(Tokens t, WordIndex.Word[] words, WordIndex.Prefix[] prefixes) {
    int sentences = t.size() == 0 ? 1 : t.sentence[t.size() - 1] + 1;
    int[] cues = new int[sentences];
    for (int i = 0; i < t.size(); i++) {
      String w = t.words[i];
      int mask = words[i] == null ? 0 : words[i].cues();
      if (prefixes[i] != null) {
        List<Map.Entry<String, Integer>> cuePrefixes = prefixes[i].cues();
        for (int k = 0; k < cuePrefixes.size(); k++) {
          if (w.startsWith(cuePrefixes.get(k).getKey())) {
            mask |= cuePrefixes.get(k).getValue();
          }
        }
      }
      cues[t.sentence[i]] |= mask;
    }
    return cues;
  }
}
