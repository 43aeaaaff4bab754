package dev.warden.engine.detect.safety;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One lexicon phrase: a sequence of elements over words, each a set of alternatives
 * ({@code kill|stab*|@weapon|going+to}: a word, a prefix, a named list, words in a row) or a gap
 * ({@code ~3}: up to three words). A phrase matches within one sentence. Matching tries at most
 * a few hundred paths per start word (elements and gaps are short), so a text costs linear time.
 */
final class Phrase {
  /**
   * One alternative: the words in a row it needs; a word ending in '*' is a prefix, kept as its
   * stem ({@code stems[k]}, null for a whole word). {@code order} is its place in its element.
   */
  private record Alternative(String[] words, String[] stems, int[] ids, int order) {
    static Alternative of(String[] words, int order, Map<String, Integer> vocabulary) {
      String[] stems = new String[words.length];
      int[] ids = new int[words.length];
      for (int k = 0; k < words.length; k++) {
        stems[k] = words[k].endsWith("*") ? words[k].substring(0, words[k].length() - 1) : null;
        ids[k] = stems[k] != null ? -1 : vocabulary.computeIfAbsent(words[k], w -> vocabulary.size());
      }
      return new Alternative(words, stems, ids, order);
    }

    /** Whether word {@code k} accepts the text's word {@code i} (whose vocabulary number is {@code t.ids[i]}). */
    boolean accepts(int k, Tokens t, int i) {
      return stems[k] != null ? t.words[i].startsWith(stems[k]) : t.ids[i] == ids[k];
    }

    int match(Tokens t, int at, int sentence) {
      for (int k = 0; k < words.length; k++) {
        int i = at + k;
        if (i >= t.size() || t.sentence[i] != sentence || !accepts(k, t, i)) {
          return -1;
        }
      }
      return at + words.length;
    }
  }

  /**
   * An element: alternatives (single words, by vocabulary number in {@code wordIds} ascending;
   * the others by the number of their first word, {@code firstIds} ascending with
   * {@code byFirstId} alongside, or in {@code byFirstPrefix} when that word is a prefix), or a gap
   * of up to {@code gap} words. A text's words are numbered once and looked up here by binary
   * search over a few ints instead of hashing. {@code firstWords}: the first words of its
   * alternatives (a prefix keeps its '*'), for the index of phrases by first word.
   */
  private record Element(int[] wordIds, int[] firstIds, List<List<Alternative>> byFirstId,
      List<Alternative> byFirstPrefix, int gap, List<String> firstWords) {
    static Element of(List<Alternative> all, int gap, Map<String, Integer> vocabulary) {
      Set<String> words = new HashSet<>();
      Map<Integer, List<Alternative>> byFirstId = new TreeMap<>();
      List<Alternative> byFirstPrefix = new ArrayList<>();
      for (Alternative a : all) {
        if (a.words().length == 1 && a.stems()[0] == null) {
          words.add(a.words()[0]);
        } else if (a.stems()[0] == null) {
          byFirstId.computeIfAbsent(a.ids()[0], k -> new ArrayList<>()).add(a);
        } else {
          byFirstPrefix.add(a);
        }
      }
      List<String> firstWords = new ArrayList<>(words);
      byFirstId.values().stream().flatMap(List::stream).sorted(Comparator.comparingInt(Alternative::order))
          .map(a -> a.words()[0]).forEach(firstWords::add);
      byFirstPrefix.stream().map(a -> a.words()[0]).forEach(firstWords::add);
      return new Element(words.stream().mapToInt(vocabulary::get).sorted().toArray(),
          byFirstId.keySet().stream().mapToInt(Integer::intValue).toArray(),
          byFirstId.values().stream().map(List::copyOf).toList(), List.copyOf(byFirstPrefix), gap,
          firstWords.stream().distinct().toList());
    }
  }

  final double weight;
  final String source;
  private final Element[] elements;
  private final List<String> firstWords;
  private final List<String> firstStems;
  /**
   * Per element after the first that has no prefix alternative, the vocabulary numbers of its
   * alternatives' first words, ascending: a match needs the text to have one of each.
   */
  private final int[][] needed;

  private Phrase(double weight, String source, Element[] elements) {
    this.weight = weight;
    this.source = source;
    this.elements = elements;
    List<int[]> needed = new ArrayList<>();
    for (int k = 1; k < elements.length; k++) {
      Element e = elements[k];
      if (e.gap() == 0 && e.byFirstPrefix().isEmpty()) {
        needed.add(java.util.stream.IntStream.concat(Arrays.stream(e.wordIds()), Arrays.stream(e.firstIds()))
            .sorted().distinct().toArray());
      }
    }
    this.needed = needed.toArray(int[][]::new);
    this.firstWords = elements[0].firstWords();
    this.firstStems = firstWords.stream().filter(w -> w.endsWith("*")).map(w -> w.substring(0, w.length() - 1))
        .toList();
  }

  /**
   * Parses {@code pattern}; {@code lists} resolves {@code @name}. Its words are numbered in
   * {@code vocabulary} (new words are added), by which a text's words are matched.
   */
  static Phrase parse(double weight, String pattern, Map<String, List<String>> lists, Map<String, Integer> vocabulary) {
    List<Element> out = new ArrayList<>();
    for (String part : pattern.trim().split("\\s+")) {
      if (part.startsWith("~")) {
        int gap = Integer.parseInt(part.substring(1));
        if (gap < 1 || gap > 6 || out.isEmpty()) {
          throw new IllegalArgumentException("bad gap in phrase: " + pattern);
        }
        out.add(Element.of(List.of(), gap, vocabulary));
        continue;
      }
      List<Alternative> alternatives = new ArrayList<>();
      for (String alt : part.split("\\|")) {
        if (alt.startsWith("@")) {
          List<String> members = lists.get(alt.substring(1));
          if (members == null) {
            throw new IllegalArgumentException("unknown list " + alt + " in phrase: " + pattern);
          }
          for (String m : members) {
            alternatives.add(Alternative.of(m.split(" "), alternatives.size(), vocabulary));
          }
        } else {
          alternatives.add(Alternative.of(alt.split("\\+"), alternatives.size(), vocabulary));
        }
      }
      out.add(Element.of(alternatives, 0, vocabulary));
    }
    if (out.get(out.size() - 1).gap() > 0) {
      throw new IllegalArgumentException("a phrase cannot end with a gap: " + pattern);
    }
    return new Phrase(weight, pattern, out.toArray(Element[]::new));
  }

  /** The first words this phrase can start with (a prefix keeps its '*'). */
  List<String> firstWords() {
    return firstWords;
  }

  /** Whether the phrase can start with {@code word} by one of its first prefixes. */
  boolean startsWithPrefixOf(String word) {
    for (String stem : firstStems) {
      if (word.startsWith(stem)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a text that has the words of the vocabulary numbers set in {@code present} (and no
   * other of the vocabulary's) may match this phrase: false when some element that needs a
   * whole word finds none of its words in the text, so that no start can match.
   */
  boolean possibleWith(boolean[] present) {
    for (int[] words : needed) {
      boolean any = false;
      for (int k = 0; k < words.length && !any; k++) {
        any = present[words[k]];
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  /** The end (exclusive) of a match starting at word {@code at}, or -1 ({@code t} numbered in this phrase's vocabulary). */
  int match(Tokens t, int at) {
    return match(t, 0, at, t.sentence[at]);
  }

  private int match(Tokens t, int element, int at, int sentence) {
    if (element == elements.length) {
      return at;
    }
    Element e = elements[element];
    if (e.gap() > 0) {
      for (int skip = 0; skip <= e.gap(); skip++) {
        int i = at + skip;
        if (i >= t.size() || t.sentence[i] != sentence) {
          return -1;
        }
        int end = match(t, element + 1, i, sentence);
        if (end >= 0) {
          return end;
        }
      }
      return -1;
    }
    if (at >= t.size() || t.sentence[at] != sentence) {
      return -1;
    }
    if (t.ids[at] >= 0 && Arrays.binarySearch(e.wordIds(), t.ids[at]) >= 0) {
      int end = match(t, element + 1, at + 1, sentence);
      if (end >= 0) {
        return end;
      }
    }
    // the alternatives that can start with this word, in their order: those found by the word
    // merged with those whose first word is a prefix of it
    int first = t.ids[at] < 0 || e.firstIds().length == 0 ? -1 : Arrays.binarySearch(e.firstIds(), t.ids[at]);
    List<Alternative> exact = first < 0 ? List.of() : e.byFirstId().get(first);
    List<Alternative> prefixed = e.byFirstPrefix();
    int x = 0;
    int p = 0;
    while (x < exact.size() || p < prefixed.size()) {
      Alternative a;
      if (p == prefixed.size() || (x < exact.size() && exact.get(x).order() < prefixed.get(p).order())) {
        a = exact.get(x++);
      } else {
        a = prefixed.get(p++);
        if (!a.accepts(0, t, at)) {
          continue;
        }
      }
      int next = a.match(t, at, sentence);
      if (next >= 0) {
        int end = match(t, element + 1, next, sentence);
        if (end >= 0) {
          return end;
        }
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return weight + " " + source;
  }
}
