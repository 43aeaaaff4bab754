package dev.warden.engine.detect.safety;

import java.util.ArrayList;
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
  /** One alternative: the words in a row it needs; a last word ending in '*' is a prefix. */
  private record Alternative(String[] words) {
    int match(Tokens t, int at, int sentence) {
      for (int k = 0; k < words.length; k++) {
        int i = at + k;
        if (i >= t.size() || t.sentence[i] != sentence) {
          return -1;
        }
        String w = words[k];
        boolean ok = w.endsWith("*") ? t.words[i].startsWith(w.substring(0, w.length() - 1)) : t.words[i].equals(w);
        if (!ok) {
          return -1;
        }
      }
      return at + words.length;
    }
  }

  /**
   * An element: alternatives (single words in a set, the others in a list), or a gap of up to
   * {@code gap} words.
   */
  private record Element(Set<String> words, List<Alternative> alternatives, int gap) {
    static Element of(List<Alternative> all, int gap) {
      Set<String> words = new HashSet<>();
      List<Alternative> others = new ArrayList<>();
      for (Alternative a : all) {
        if (a.words().length == 1 && !a.words()[0].endsWith("*")) {
          words.add(a.words()[0]);
        } else {
          others.add(a);
        }
      }
      return new Element(Set.copyOf(words), List.copyOf(others), gap);
    }
  }

  final double weight;
  final String source;
  private final Element[] elements;

  private Phrase(double weight, String source, Element[] elements) {
    this.weight = weight;
    this.source = source;
    this.elements = elements;
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
            alternatives.add(new Alternative(m.split(" ")));
          }
        } else {
          alternatives.add(new Alternative(alt.split("\\+")));
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
    List<String> out = new ArrayList<>(elements[0].words());
    elements[0].alternatives().stream().map(a -> a.words()[0]).distinct().forEach(out::add);
    return out;
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
    if (at < t.size() && t.sentence[at] == sentence && e.words().contains(t.words[at])) {
      int end = match(t, element + 1, at + 1, sentence);
      if (end >= 0) {
        return end;
      }
    }
    for (Alternative a : e.alternatives()) {
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
