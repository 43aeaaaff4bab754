package dev.warden.ner;

import dev.warden.ner.Gazetteer.Category;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The token spans that may be names: every sub-span (up to {@link #MAX_TOKENS} tokens) of a run
 * of name-like tokens (capitalised words, or lower-case words that are in a name or place list),
 * runs being joined by connectors such as "of", "and", "de", "van" ("Bank of America",
 * "Ludwig van Beethoven"), plus every multi-word gazetteer entry ("the hague", "new york").
 * A run never crosses a sentence start. Both training and detection classify exactly these
 * spans, so what the model learns is what it is asked.
 */
public final class Candidates {
  public static final int MAX_TOKENS = 6;
  private static final Set<String> CONNECTORS = Set.of("of", "and", "&", "de", "del", "della", "der", "den", "van",
      "von", "da", "di", "du", "la", "le", "y", "for", "on", "the", "dos", "das", "bin", "al", "'s");

  private Candidates() {
  }

  /** Spans as {start, end} token indices, end exclusive, without duplicates. */
  public static List<int[]> of(Analysis a) {
    Tokens t = a.tokens;
    int n = t.size();
    List<int[]> out = new ArrayList<>();
    Set<Long> seen = null;
    int i = 0;
    while (i < n) {
      if (!a.nameLike[i]) {
        i++;
        continue;
      }
      int end = i + 1;
      while (end < n && !t.sentenceStart(end)) {
        if (a.nameLike[end]) {
          end++;
          continue;
        }
        int k = end;
        while (k < n && k - end < 2 && isConnector(t, k) && !t.sentenceStart(k)) {
          k++;
        }
        if (k > end && k < n && a.nameLike[k] && !t.sentenceStart(k)) {
          end = k + 1;
          continue;
        }
        break;
      }
      for (int s = i; s < end; s++) {
        if (!a.nameLike[s]) {
          continue;
        }
        // "Compare Northwind Mutual", "Generate tests": a sentence that opens with a verb or an
        // adverb does not open with a name.
        if (t.sentenceStart(s) && opensWithoutName(a, s)) {
          continue;
        }
        for (int e = s + 1; e <= Math.min(end, s + MAX_TOKENS); e++) {
          if (a.nameLike[e - 1]) {
            out.add(new int[] {s, e});
          }
        }
      }
      i = end;
    }
    // Multi-word gazetteer entries in any casing ("new york", "The Hague"), when not found above.
    int max = a.gazetteer.maxTokens();
    for (int s = 0; s < n; s++) {
      if (!t.has(s, Tokens.WORD) || !a.gazetteer.startsMultiWord(t.lower(s))) {
        continue;
      }
      for (int e = s + 2; e <= Math.min(n, s + max); e++) {
        if (t.sentenceStart(e - 1) && e - 1 > s) {
          break;
        }
        int m = a.gazetteer.mask(t.key(s, e));
        if ((m & (Gazetteer.PLACE | Category.ORGANIZATION.bit())) != 0) {
          if (seen == null) {
            seen = new HashSet<>();
            for (int[] c : out) {
              seen.add(pack(c[0], c[1]));
            }
          }
          if (seen.add(pack(s, e))) {
            out.add(new int[] {s, e});
          }
        }
      }
    }
    return out;
  }

  private static final Set<String> NOT_NAME_TAGS = Set.of("VERB", "ADV", "ADP", "DET", "PRON", "AUX", "SCONJ", "CCONJ",
      "INTJ", "PART");

  /**
   * A sentence-opening verb or adverb, by the lexicon or, for a word it does not know, by its
   * letters and the tagger together.
   */
  private static boolean opensWithoutName(Analysis a, int s) {
    if ((a.mask[s] & (Gazetteer.NAME | Gazetteer.PLACE | Category.ORGANIZATION.bit())) != 0) {
      return false;
    }
    String lex = a.lex(s);
    if (lex.equals("VERB") || lex.equals("ADV") || lex.equals("CLOSED")) {
      return true;
    }
    // The tagger alone is not enough: it reads unknown names as DET or VERB ("Anya", "Anneliese").
    return lex.equals(PosLexicon.UNKNOWN) && a.mask[s] == 0 && !a.tokens.has(s, Tokens.ALL_CAPS)
        && a.likeness(s).startsWith(NameLikeness.WORD)
        && NOT_NAME_TAGS.contains(a.sentenceStartTag(s));
  }

  private static boolean isConnector(Tokens t, int k) {
    return t.has(k, Tokens.WORD) && !t.has(k, Tokens.CAP) ? CONNECTORS.contains(t.lower(k))
        : t.end(k) - t.start(k) == 1 && t.source().charAt(t.start(k)) == '&';
  }

  private static long pack(int s, int e) {
    return ((long) s << 32) | e;
  }
}
