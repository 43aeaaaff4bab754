package dev.warden.engine.detect.safety;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
  private record Alternative(String[] words, String[] stems, int order) {
    static Alternative of(String[] words, int order) {
      String[] stems = new String[words.length];
      for (int k = 0; k < words.length; k++) {
        stems[k] = words[k].endsWith("*") ? words[k].substring(0, words[k].length() - 1) : null;
      }
      return new Alternative(words, stems, order);
    }

    boolean accepts(int k, String word) {
      return stems[k] != null ? word.startsWith(stems[k]) : word.equals(words[k]);
    }

    int match(Tokens t, int at, int sentence) {
      for (int k = 0; k < words.length; k++) {
        int i = at + k;
        if (i >= t.size() || t.sentence[i] != sentence || !accepts(k, t.words[i])) {
          return -1;
        }
      }
      return at + words.length;
    }
  }

  /**
   * An element: alternatives (single words in a set, the others by their first word, or in a
   * list when that word is a prefix), or a gap of up to {@code gap} words.
   */
  private record Element(Set<String> words, Map<String, List<Alternative>> byFirstWord,
      List<Alternative> byFirstPrefix, int gap) {
    static Element of(List<Alternative> all, int gap) {
      Set<String> words = new HashSet<>();
      Map<String, List<Alternative>> byFirstWord = new HashMap<>();
      List<Alternative> byFirstPrefix = new ArrayList<>();
      for (Alternative a : all) {
        if (a.words().length == 1 && a.stems()[0] == null) {
          words.add(a.words()[0]);
        } else if (a.stems()[0] == null) {
          byFirstWord.computeIfAbsent(a.words()[0], k -> new ArrayList<>()).add(a);
        } else {
          byFirstPrefix.add(a);
        }
      }
      byFirstWord.replaceAll((k, v) -> List.copyOf(v));
      return new Element(Set.copyOf(words), Map.copyOf(byFirstWord), List.copyOf(byFirstPrefix), gap);
    }

    /** The first words of its alternatives (a prefix keeps its '*'). */
    List<String> firstWords() {
      List<String> out = new ArrayList<>(words);
      byFirstWord.values().stream().flatMap(List::stream).sorted(Comparator.comparingInt(Alternative::order))
          .map(a -> a.words()[0]).forEach(out::add);
      byFirstPrefix.stream().map(a -> a.words()[0]).forEach(out::add);
      return out.stream().distinct().toList();
    }
  }

  final double weight;
  final String source;
  private final Element[] elements;
  private final List<String> firstWords;
  private final List<String> firstStems;

  private Phrase(double weight, String source, Element[] elements) {
    this.weight = weight;
    this.source = source;
    this.elements = elements;
    this.firstWords = elements[0].firstWords();
    this.firstStems = firstWords.stream().filter(w -> w.endsWith("*")).map(w -> w.substring(0, w.length() - 1))
        .toList();
  }

  /** Parses {@code pattern}; {@code lists} resolves {@code @name}. */
  static Phrase parse(double weight, String pattern, Map<String, List<String>> lists) {
    List<Element> out = new ArrayList<>();
    for (String part : pattern.trim().split("\\s+")) {
      if (part.startsWith("~")) {
        int gap = Integer.parseInt(part.substring(1));
        if (gap < 1 || gap > 6 || out.isEmpty()) {
          throw new IllegalArgumentException("bad gap in phrase: " + pattern);
        }
        out.add(Element.of(List.of(), gap));
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
            alternatives.add(Alternative.of(m.split(" "), alternatives.size()));
          }
        } else {
          alternatives.add(Alternative.of(alt.split("\\+"), alternatives.size()));
        }
      }
      out.add(Element.of(alternatives, 0));
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

  /** The end (exclusive) of a match starting at word {@code at}, or -1. */
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
    if (e.words().contains(t.words[at])) {
      int end = match(t, element + 1, at + 1, sentence);
      if (end >= 0) {
        return end;
      }
    }
    // the alternatives that can start with this word, in their order: those found by the word
    // merged with those whose first word is a prefix of it
    String word = t.words[at];
    List<Alternative> exact = e.byFirstWord().getOrDefault(word, List.of());
    List<Alternative> prefixed = e.byFirstPrefix();
    int x = 0;
    int p = 0;
    while (x < exact.size() || p < prefixed.size()) {
      Alternative a;
      if (p == prefixed.size() || (x < exact.size() && exact.get(x).order() < prefixed.get(p).order())) {
        a = exact.get(x++);
      } else {
        a = prefixed.get(p++);
        if (!a.accepts(0, word)) {
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
