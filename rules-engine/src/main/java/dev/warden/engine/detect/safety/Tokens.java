package dev.warden.engine.detect.safety;

import dev.warden.engine.detect.Chars;
import java.util.ArrayList;
import java.util.List;

/**
 * The words of a lower-case, folded text as the lexicon sees them: runs of letters and digits,
 * apostrophes dropped ({@code don't} is {@code dont}), hyphens splitting ({@code self-harm} is
 * two words), leetspeak read inside words ({@code k1ll}), each with its sentence and whether it
 * stands inside quotation marks.
 */
final class Tokens {
  final String[] words;
  final int[] sentence;
  final boolean[] quoted;
  /** Each word's number in the phrases' vocabulary, -1 if no phrase has it; empty until {@link #numbered}. */
  final int[] ids;

  private Tokens(String[] words, int[] sentence, boolean[] quoted, int[] ids) {
    this.words = words;
    this.sentence = sentence;
    this.quoted = quoted;
    this.ids = ids;
  }

  /** These words with their numbers in the phrases' vocabulary ({@code ids[i]} for word i, -1 if not in it). */
  Tokens numbered(int[] ids) {
    if (ids.length != words.length) {
      throw new IllegalArgumentException("one number per word");
    }
    return new Tokens(words, sentence, quoted, ids);
  }

  int size() {
    return words.length;
  }

  static Tokens of(String lower, int limit) {
    List<String> words = new ArrayList<>();
    int[] sentences = new int[64];
    boolean[] quotes = new boolean[64];
    int sentence = 0;
    boolean inQuote = false;
    int n = lower.length();
    int i = 0;
    StringBuilder w = new StringBuilder();
    while (i < n && words.size() < limit) {
      char c = lower.charAt(i);
      if (Chars.isLetterOrDigit(c)) {
        w.setLength(0);
        boolean letters = false;
        boolean digits = false;
        boolean dropped = false;
        int start = i;
        while (i < n) {
          char d = lower.charAt(i);
          if (Chars.isLetterOrDigit(d)) {
            letters |= Chars.isLetter(d);
            digits |= Chars.isDigit(d);
          } else if ((d == '\'' || d == '\u2019') && i + 1 < n && Chars.isLetter(lower.charAt(i + 1))) {
            dropped = true; // don't -> dont
          } else if ((d == '@' || d == '$') && i > start && i + 1 < n && Chars.isLetter(lower.charAt(i + 1))) {
            digits = true;
          } else {
            break;
          }
          i++;
        }
        // the word is the run itself, or the run without the apostrophes it drops, leet read
        String word;
        if (!dropped && !(letters && digits)) {
          word = lower.substring(start, i);
        } else {
          for (int k = start; k < i; k++) {
            char d = lower.charAt(k);
            if (d != '\'' && d != '\u2019') {
              w.append(d);
            }
          }
          word = letters && digits ? leet(w) : w.toString();
        }
        if (words.size() == sentences.length) {
          sentences = java.util.Arrays.copyOf(sentences, sentences.length * 2);
          quotes = java.util.Arrays.copyOf(quotes, quotes.length * 2);
        }
        sentences[words.size()] = sentence;
        quotes[words.size()] = inQuote;
        words.add(word);
        continue;
      }
      if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ';') {
        if (!(c == '.' && i + 1 < n && Chars.isLetterOrDigit(lower.charAt(i + 1)))) {
          sentence++;
        }
      } else if (c == '"' || c == '\u201c' || c == '\u201d' || c == '\u00ab' || c == '\u00bb') {
        inQuote = c == '\u201c' || c == '\u00ab' || (c == '"' && !inQuote);
        if (c == '\u201d' || c == '\u00bb') {
          inQuote = false;
        }
      } else if (c == '\'' || c == '\u2018' || c == '\u2019') {
        boolean opening = (i == 0 || !Chars.isLetterOrDigit(lower.charAt(i - 1)))
            && i + 1 < n && Chars.isLetterOrDigit(lower.charAt(i + 1));
        boolean closing = i > 0 && Chars.isLetterOrDigit(lower.charAt(i - 1))
            && (i + 1 == n || !Chars.isLetterOrDigit(lower.charAt(i + 1)));
        if (opening) {
          inQuote = true;
        } else if (closing && inQuote) {
          inQuote = false;
        }
      }
      i++;
    }
    int size = words.size();
    return new Tokens(words.toArray(String[]::new), java.util.Arrays.copyOf(sentences, size),
        java.util.Arrays.copyOf(quotes, size), new int[0]);
  }

  /** Digits and symbols standing for letters, when they stand between or before letters (k1ll, s3x, r@pe). */
  private static String leet(StringBuilder w) {
    StringBuilder out = new StringBuilder(w.length());
    for (int k = 0; k < w.length(); k++) {
      char c = w.charAt(k);
      boolean beforeLetter = k + 1 < w.length() && Chars.isLetter(w.charAt(k + 1));
      boolean afterLetter = k > 0 && Chars.isLetter(w.charAt(k - 1));
      char l = switch (c) {
        case '0' -> 'o';
        case '1' -> 'i';
        case '3' -> 'e';
        case '4', '@' -> 'a';
        case '5', '$' -> 's';
        case '7' -> 't';
        default -> 0;
      };
      out.append(l != 0 && (beforeLetter || (afterLetter && c != '1' && c != '7')) ? l : c);
    }
    return out.toString();
  }
}
