package dev.warden.engine.detect.safety;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a word of a text can start or cue, for {@link Lexicon}: its number in the phrases'
 * vocabulary, the exceptions and phrases that may start at it and the categories whose context
 * cues it is, by the word itself and by its first {@value #PREFIX_KEY} letters (for entries
 * written as prefixes, {@code stab*}), each in one lookup instead of one per table. A text's words are resolved once and read by every pass.
 * Most words start no prefix entry: a table of the first two letters (ASCII) skips the prefix
 * lookup, and so the substring it needs, for them. Immutable and thread-safe.
 */
final class WordIndex {
  static final int PREFIX_KEY = 3;

  /**
   * A word's number in the phrases' vocabulary (-1 if no phrase has it), the entries it starts as
   * a whole word, and its cue categories (a bit mask).
   */
  record Word(int id, List<Lexicon.Entry> exceptions, List<Lexicon.Entry> phrases, int cues) {
  }

  /** The entries written as prefixes with these first letters, and the cue prefixes that start so. */
  record Prefix(List<Lexicon.Entry> exceptions, List<Lexicon.Entry> phrases, List<Map.Entry<String, Integer>> cues) {
  }

  private final Map<String, Word> words;
  /** The prefix keys packed by {@link #key}, ascending, and their entries: looked up with no substring. */
  private final long[] prefixKeys;
  private final Prefix[] prefixValues;
  /** Per ASCII pair {@code c0 * 128 + c1}: whether some prefix key starts with it. */
  private final boolean[] pairs = new boolean[128 * 128];

  WordIndex(Map<String, Integer> vocabulary, Map<String, List<Lexicon.Entry>> exceptionsByWord,
      Map<String, List<Lexicon.Entry>> phrasesByWord, Map<String, Integer> cueWords,
      Map<String, List<Lexicon.Entry>> exceptionsByPrefix, Map<String, List<Lexicon.Entry>> phrasesByPrefix,
      Map<String, List<Map.Entry<String, Integer>>> cuePrefixes) {
    Map<String, Word> w = new HashMap<>();
    Set<String> keys = union(exceptionsByWord.keySet(), phrasesByWord.keySet(), cueWords.keySet());
    keys.addAll(vocabulary.keySet());
    for (String k : keys) {
      w.put(k, new Word(vocabulary.getOrDefault(k, -1), exceptionsByWord.getOrDefault(k, List.of()),
          phrasesByWord.getOrDefault(k, List.of()), cueWords.getOrDefault(k, 0)));
    }
    this.words = w; // a HashMap: most words of a text miss, and Map.copyOf's probing compares them from slot to slot
    Map<String, Prefix> p = new HashMap<>();
    for (String k : union(exceptionsByPrefix.keySet(), phrasesByPrefix.keySet(), cuePrefixes.keySet())) {
      p.put(k, new Prefix(exceptionsByPrefix.getOrDefault(k, List.of()), phrasesByPrefix.getOrDefault(k, List.of()),
          cuePrefixes.getOrDefault(k, List.of())));
      if (k.charAt(0) < 128 && k.charAt(1) < 128) {
        pairs[k.charAt(0) * 128 + k.charAt(1)] = true;
      }
    }
    this.prefixKeys = p.keySet().stream().mapToLong(k -> key(k, 0)).sorted().toArray();
    this.prefixValues = new Prefix[prefixKeys.length];
    p.forEach((k, v) -> prefixValues[Arrays.binarySearch(prefixKeys, key(k, 0))] = v);
  }

  /** The first {@value #PREFIX_KEY} characters of {@code s} from {@code at}, packed in a long. */
  private static long key(String s, int at) {
    return (long) s.charAt(at) << 32 | (long) s.charAt(at + 1) << 16 | s.charAt(at + 2);
  }

  private static Set<String> union(Set<String> a, Set<String> b, Set<String> c) {
    Set<String> all = new java.util.LinkedHashSet<>(a);
    all.addAll(b);
    all.addAll(c);
    return all;
  }

  /** {@code word}'s number and what it starts as a whole word, or null (neither). */
  Word word(String word) {
    return words.get(word);
  }

  /** The prefix entries of words with {@code word}'s first letters, or null. */
  Prefix prefix(String word) {
    if (word.length() < PREFIX_KEY) {
      return null;
    }
    char c0 = word.charAt(0);
    char c1 = word.charAt(1);
    if (c0 < 128 && c1 < 128 && !pairs[c0 * 128 + c1]) {
      return null;
    }
    int k = Arrays.binarySearch(prefixKeys, key(word, 0));
    return k < 0 ? null : prefixValues[k];
  }
}
