package dev.warden.engine.detect.injection;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The heuristic signals: named families of RE2/J patterns over normalised text. A pattern only
 * runs in windows around the words that can start it (its triggers), so a long text costs one
 * pass over its words plus a few short regex scans. A match that is mentioned rather than used
 * ("how do we block 'ignore previous instructions'?", "phrases such as ...") counts for little.
 * Immutable and thread-safe.
 */
final class Signals {
  /** Signal names: used by shipped rule packs, do not rename. */
  static final String OVERRIDE = "instruction_override";
  static final String ROLE_PLAY = "role_play";
  static final String EXTRACTION = "system_prompt_extraction";
  static final String DELIMITER = "fake_delimiter";
  static final String EXFILTRATION = "tool_exfiltration";
  static final String ENCODED = "encoded_payload";
  static final String OBFUSCATION = "obfuscation";
  static final String REFUSAL = "refusal_suppression";

  /** Every signal, in the order they are reported. */
  static final List<String> ALL = List.of(OVERRIDE, ROLE_PLAY, EXTRACTION, DELIMITER, EXFILTRATION, ENCODED,
      OBFUSCATION, REFUSAL);

  /** How much a mentioned (quoted, discussed) match still counts. */
  static final double MENTION_FACTOR = 0.25;
  private static final int BEFORE = 320;
  private static final int AFTER = 320;
  private static final int FRAME_REACH = 160;

  /** One pattern of a signal; {@code unless} (on the match's sentence) scales it by {@code unlessFactor}. */
  record Rule(int signal, double weight, Pattern pattern, List<String> triggers, Pattern unless, double unlessFactor) {
  }

  /** What matching found: the strength (0..1) of each signal of {@link #ALL} and how many matches were mentions. */
  record Found(double[] strengths, int mentions) {
    double strength(String signal) {
      return strengths[ALL.indexOf(signal)];
    }
  }

  private final List<Rule> rules;
  private final Map<String, int[]> byWord;
  private final List<String> needles;
  private final List<int[]> needleRules;
  private final Pattern frame;

  Signals(List<Rule> rules, Pattern frame) {
    this.rules = List.copyOf(rules);
    this.frame = frame;
    Map<String, List<Integer>> words = new HashMap<>();
    Map<String, List<Integer>> others = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      for (String t : rules.get(i).triggers()) {
        (t.chars().allMatch(Character::isLetter) && t.chars().allMatch(c -> c < 0x80) ? words : others)
            .computeIfAbsent(t, k -> new ArrayList<>()).add(i);
      }
    }
    Map<String, int[]> w = new HashMap<>();
    words.forEach((k, v) -> w.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    this.byWord = Map.copyOf(w);
    this.needles = List.copyOf(others.keySet());
    List<int[]> nr = new ArrayList<>();
    for (String needle : needles) {
      nr.add(others.get(needle).stream().mapToInt(Integer::intValue).toArray());
    }
    this.needleRules = List.copyOf(nr);
  }

  /** Matches every rule whose trigger occurs in {@code view} (lower-case, normalised). */
  Found match(String view) {
    int n = view.length();
    List<List<Integer>> positions = new ArrayList<>(rules.size());
    for (int i = 0; i < rules.size(); i++) {
      positions.add(null);
    }
    int i = 0;
    while (i < n) {
      char c = view.charAt(i);
      if (c < 'a' || c > 'z') {
        i++;
        continue;
      }
      int end = i + 1;
      while (end < n && view.charAt(end) >= 'a' && view.charAt(end) <= 'z') {
        end++;
      }
      int[] hit = end - i <= 16 ? byWord.get(view.substring(i, end)) : null;
      if (hit != null) {
        for (int r : hit) {
          add(positions, r, i);
        }
      }
      i = end;
    }
    for (int k = 0; k < needles.size(); k++) {
      String needle = needles.get(k);
      for (int at = view.indexOf(needle); at >= 0; at = view.indexOf(needle, at + needle.length())) {
        for (int r : needleRules.get(k)) {
          add(positions, r, at);
        }
      }
    }
    double[] strengths = new double[ALL.size()];
    int mentions = 0;
    for (int r = 0; r < rules.size(); r++) {
      List<Integer> at = positions.get(r);
      if (at != null) {
        mentions += run(rules.get(r), view, at, strengths);
      }
    }
    return new Found(strengths, mentions);
  }

  private static void add(List<List<Integer>> positions, int rule, int at) {
    List<Integer> list = positions.get(rule);
    if (list == null) {
      list = new ArrayList<>();
      positions.set(rule, list);
    }
    list.add(at);
  }

  /** Runs one rule in the merged windows around its trigger positions; returns the number of mentions. */
  private int run(Rule rule, String view, List<Integer> at, double[] strengths) {
    int[] sorted = at.stream().mapToInt(Integer::intValue).sorted().toArray();
    int mentions = 0;
    int k = 0;
    while (k < sorted.length) {
      int from = Math.max(0, sorted[k] - BEFORE);
      int to = Math.min(view.length(), sorted[k] + AFTER);
      while (k + 1 < sorted.length && sorted[k + 1] - BEFORE <= to) {
        to = Math.min(view.length(), sorted[++k] + AFTER);
      }
      k++;
      Matcher m = rule.pattern().matcher(view.substring(from, to));
      while (m.find()) {
        int start = from + m.start();
        double w = rule.weight();
        int sentence = sentenceStart(view, start);
        if (rule.unless() != null && rule.unless().matcher(view.substring(sentence, sentenceEnd(view, from + m.end())))
            .find()) {
          w *= rule.unlessFactor();
        }
        if (frame.matcher(view.substring(Math.max(sentence, start - FRAME_REACH), start)).find()) {
          w *= MENTION_FACTOR;
          mentions++;
        }
        strengths[rule.signal()] = Math.max(strengths[rule.signal()], w);
        if (m.end() == m.start()) {
          break;
        }
      }
    }
    return mentions;
  }

  private static int sentenceStart(String s, int at) {
    int limit = Math.max(0, at - FRAME_REACH);
    for (int i = at - 1; i >= limit; i--) {
      char c = s.charAt(i);
      if (c == '\n' || ((c == '.' || c == '!' || c == '?') && (i + 1 >= s.length() || s.charAt(i + 1) == ' ')
          && !(c == '.' && i > 0 && s.charAt(i - 1) == '.'))) {
        return i + 1;
      }
    }
    return limit;
  }

  private static int sentenceEnd(String s, int at) {
    int limit = Math.min(s.length(), at + FRAME_REACH);
    for (int i = at; i < limit; i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '.' || c == '!' || c == '?') {
        return i;
      }
    }
    return limit;
  }

  @Override
  public String toString() {
    return "Signals" + Arrays.toString(rules.stream().map(r -> ALL.get(r.signal())).distinct().toArray());
  }
}
