package dev.warden.engine.detect.injection;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The heuristic signals: named families of RE2/J patterns over normalised text. A pattern is
 * matched (anchored, over at most {@link #SPAN} characters) only where one of the words it can
 * start with occurs (its triggers), and only if a second word it needs is near; a few patterns
 * whose start is not a word are searched in windows around their triggers instead. So a long
 * text costs one pass over its words plus short match attempts (RE2/J has no DFA, so scanning
 * whole texts with a hundred patterns would not do). A match that is mentioned rather than used
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
  /**
   * Characters one rule may scan in one text: windows past it are skipped, half of it going to
   * the start of the text and half to the end, so that padding a text with trigger words makes
   * neither a slow scan nor a blind spot at the end.
   */
  static final int RULE_SCAN_LIMIT = 128 * 1024;

  /**
   * One pattern of a signal. It is tried around a trigger only if one of {@code near} (words, or
   * other substrings) occurs within {@link #NEAR} characters, when {@code near} is not empty;
   * {@code unless} (on the match's sentence) scales it by {@code unlessFactor}.
   */
  record Rule(int signal, double weight, Pattern pattern, List<String> triggers, List<String> near, Pattern unless,
      double unlessFactor, boolean anchored, int span, List<String> alsoNear) {
    Rule withNear(List<String> words) {
      return near.isEmpty()
          ? new Rule(signal, weight, pattern, triggers, List.copyOf(words), unless, unlessFactor, anchored, span, alsoNear)
          : new Rule(signal, weight, pattern, triggers, near, unless, unlessFactor, anchored, span, List.copyOf(words));
    }

    Rule searched() {
      return new Rule(signal, weight, pattern, triggers, near, unless, unlessFactor, false, span, alsoNear);
    }

    /**
     * The rule with its pattern behind a {@code ^}, for matching from a trigger: RE2/J ends a
     * {@code lookingAt} as soon as no thread is left only when the pattern itself is anchored,
     * and otherwise steps through the rest of the span (measured 1.5-3x slower per attempt).
     * The match is the same.
     */
    Rule fromStart() {
      Pattern p = Pattern.compile("^(?:" + pattern.pattern() + ")", pattern.flags());
      return new Rule(signal, weight, p, triggers, near, unless, unlessFactor, anchored, span, alsoNear);
    }

    Rule withSpan(int chars) {
      return new Rule(signal, weight, pattern, triggers, near, unless, unlessFactor, anchored, chars, alsoNear);
    }
  }

  /** The longest text an anchored rule may match from its trigger, unless the rule says less. */
  static final int SPAN = 256;
  /** Match attempts one anchored rule may make in one text (half from the start, half from the end). */
  static final int ATTEMPT_LIMIT = 4096;

  /** How close a {@code near} term must be to a trigger: after it for an anchored rule, on either side for a searched one. */
  static final int NEAR = 200;

  /**
   * What matching found: the strength (0..1) of each signal of {@link #ALL}, and whether a match
   * was a mention (false when the caller did not ask).
   */
  record Found(double[] strengths, boolean mentioned) {
    double strength(String signal) {
      return strengths[ALL.indexOf(signal)];
    }
  }

  /** Where terms occur: ASCII words by a hash lookup per word, other substrings by search. */
  private static final class Index {
    final Map<String, int[]> byWord;
    final List<String> needles;
    final List<int[]> needleRules;

    Index(List<List<String>> termsPerRule) {
      Map<String, List<Integer>> words = new HashMap<>();
      Map<String, List<Integer>> others = new HashMap<>();
      for (int i = 0; i < termsPerRule.size(); i++) {
        for (String t : termsPerRule.get(i)) {
          if (t.isEmpty()) {
            throw new IllegalArgumentException("an empty trigger or near term in rule " + i);
          }
          (isWord(t) ? words : others).computeIfAbsent(t, k -> new ArrayList<>()).add(i);
        }
      }
      Map<String, int[]> w = new HashMap<>();
      words.forEach((k, v) -> w.put(k, v.stream().mapToInt(Integer::intValue).distinct().toArray()));
      this.byWord = Map.copyOf(w);
      this.needles = List.copyOf(others.keySet());
      List<int[]> nr = new ArrayList<>();
      for (String needle : needles) {
        nr.add(others.get(needle).stream().mapToInt(Integer::intValue).distinct().toArray());
      }
      this.needleRules = List.copyOf(nr);
    }

    static boolean isWord(String t) {
      return !t.isEmpty() && t.chars().allMatch(c -> c >= 'a' && c <= 'z');
    }
  }

  private final List<Rule> rules;
  private final Index triggers;
  private final Index near;
  private final Index alsoNear;
  /** Where the terms of the three indexes occur in a text. */
  private final Locator locator;
  private final Pattern frame;

  Signals(List<Rule> rules, Pattern frame) {
    this.rules = rules.stream().map(r -> r.anchored() ? r.fromStart() : r).toList();
    this.frame = frame;
    this.triggers = new Index(rules.stream().map(Rule::triggers).toList());
    this.near = new Index(rules.stream().map(Rule::near).toList());
    this.alsoNear = new Index(rules.stream().map(Rule::alsoNear).toList());
    List<Index> indexes = List.of(triggers, near, alsoNear);
    Map<String, int[][]> w = new HashMap<>();
    for (int x = 0; x < indexes.size(); x++) {
      for (Map.Entry<String, int[]> e : indexes.get(x).byWord.entrySet()) {
        w.computeIfAbsent(e.getKey(), k -> new int[indexes.size()][])[x] = e.getValue();
      }
    }
    // a HashMap, never changed after this: it compares cached hashes before equals, where
    // Map.copyOf's probing calls equals on every key it passes
    this.locator = new Locator(new HashMap<>(w), indexes.stream().map(x -> x.needles).toList(),
        indexes.stream().map(x -> x.needleRules).toList());
  }

  /** Whether some trigger word of a rule is {@code word}. */
  boolean isTrigger(String word) {
    return triggers.byWord.containsKey(word);
  }

  /**
   * Matches every rule whose trigger (with a near term, if it needs one) occurs in {@code text}
   * (lower-case, normalised); {@code mentions}: whether to find out if a match was a mention.
   */
  Found match(String text, boolean mentions) {
    String view = "\n" + text; // every line, the first one too, starts after a line break
    // per index (triggers, near, alsoNear) and rule, where its terms occur
    Positions[][] found = new Positions[3][rules.size()];
    locator.locate(view, (x, r, position) -> {
      Positions[] row = found[x];
      if (row[r] == null) {
        row[r] = new Positions();
      }
      row[r].add(position);
    });
    double[] strengths = new double[ALL.size()];
    Scan scan = new Scan(mentions);
    for (int r = 0; r < rules.size(); r++) {
      Positions positions = found[0][r];
      if (positions != null && !rules.get(r).near().isEmpty()) {
        positions = nearOnly(positions, found[1][r], rules.get(r));
      }
      if (positions != null && !rules.get(r).alsoNear().isEmpty()) {
        positions = nearOnly(positions, found[2][r], rules.get(r));
      }
      if (positions != null && positions.size > 0) {
        run(rules.get(r), view, positions, strengths, scan);
      }
    }
    return new Found(strengths, scan.mentioned);
  }

  /**
   * What one {@link #match} has learnt about mentions: whether a match was one, and whether a
   * discussion frame precedes each start looked at (it depends on the start alone: the text from
   * its sentence's start, or {@link #FRAME_REACH} before it).
   */
  private static final class Scan {
    final boolean wanted;
    boolean mentioned;
    final Map<Integer, Boolean> framed = new HashMap<>();

    Scan(boolean wanted) {
      this.wanted = wanted;
    }

    /** Whether a match's being a mention can still change what is reported. */
    boolean mentionOpen() {
      return wanted && !mentioned;
    }
  }

  /** Positions of one rule's terms in a text, in the order found: a growable int array (no boxing). */
  private static final class Positions {
    private int[] at = new int[8];
    private int size;

    void add(int position) {
      if (size == at.length) {
        at = Arrays.copyOf(at, size * 2);
      }
      at[size++] = position;
    }

    /** The positions ascending, each once. */
    int[] sortedDistinct() {
      int[] a = Arrays.copyOf(at, size);
      Arrays.sort(a);
      int k = 0;
      for (int i = 0; i < a.length; i++) {
        if (k == 0 || a[i] != a[k - 1]) {
          a[k++] = a[i];
        }
      }
      return k == a.length ? a : Arrays.copyOf(a, k);
    }
  }

  /** The trigger positions with a near term within {@link #NEAR} characters (after them if the rule is anchored). */
  private static Positions nearOnly(Positions positions, Positions close, Rule rule) {
    boolean after = rule.anchored();
    int reach = after ? rule.span() : NEAR;
    if (close == null) {
      return null;
    }
    int[] sorted = close.sortedDistinct();
    Positions out = new Positions();
    for (int i = 0; i < positions.size; i++) {
      int p = positions.at[i];
      int k = Arrays.binarySearch(sorted, after ? p + 1 : p - reach);
      k = k < 0 ? -k - 1 : k;
      if (k < sorted.length && sorted[k] <= p + reach) {
        out.add(p);
      }
    }
    return out;
  }

  /** Whether no match of {@code rule} can change the result any more (see {@link #record}). */
  private static boolean settled(Rule rule, double[] strengths, Scan scan) {
    double most = rule.unless() == null ? rule.weight() : Math.max(rule.weight(), rule.weight() * rule.unlessFactor());
    return strengths[rule.signal()] >= most && !scan.mentionOpen();
  }

  /** Runs one rule at (anchored) or around (searched) its trigger positions, until its matches can change nothing. */
  private void run(Rule rule, String view, Positions at, double[] strengths, Scan scan) {
    if (settled(rule, strengths, scan)) {
      return;
    }
    int[] sorted = at.sortedDistinct();
    if (rule.anchored()) {
      int n = sorted.length;
      for (int k = 0; k < n; k++) {
        if (n > ATTEMPT_LIMIT && k == ATTEMPT_LIMIT / 2) {
          k = n - ATTEMPT_LIMIT / 2;
        }
        int p = sorted[k];
        Matcher m = rule.pattern().matcher(view.substring(p, Math.min(view.length(), p + rule.span())));
        if (m.lookingAt()) {
          record(rule, view, p, p + m.end(), strengths, scan);
          if (settled(rule, strengths, scan)) {
            return;
          }
        }
      }
      return;
    }
    List<int[]> windows = new ArrayList<>();
    int k = 0;
    while (k < sorted.length) {
      int from = Math.max(0, sorted[k] - BEFORE);
      int to = Math.min(view.length(), sorted[k] + AFTER);
      while (k + 1 < sorted.length && sorted[k + 1] - BEFORE <= to) {
        to = Math.min(view.length(), sorted[++k] + AFTER);
      }
      k++;
      windows.add(new int[] {from, to});
    }
    for (int[] w : withinBudget(windows)) {
      if (settled(rule, strengths, scan)) {
        return;
      }
      run(rule, view, w[0], w[1], strengths, scan);
    }
  }

  /** The windows, or if they are longer than {@link #RULE_SCAN_LIMIT} in all, that much taken from both ends. */
  private static List<int[]> withinBudget(List<int[]> windows) {
    long total = 0;
    for (int[] w : windows) {
      total += w[1] - w[0];
    }
    if (total <= RULE_SCAN_LIMIT) {
      return windows;
    }
    List<int[]> out = new ArrayList<>();
    int half = RULE_SCAN_LIMIT / 2;
    int used = 0;
    for (int i = 0; i < windows.size() && used < half; i++) {
      int[] w = windows.get(i);
      int to = Math.min(w[1], w[0] + half - used);
      out.add(new int[] {w[0], to});
      used += to - w[0];
    }
    int cut = out.isEmpty() ? 0 : out.get(out.size() - 1)[1];
    used = 0;
    for (int i = windows.size() - 1; i >= 0 && used < half; i--) {
      int[] w = windows.get(i);
      int from = Math.max(Math.max(w[0], cut), w[1] - (half - used));
      if (from < w[1]) {
        out.add(new int[] {from, w[1]});
        used += w[1] - from;
      }
    }
    return out;
  }

  private void run(Rule rule, String view, int from, int to, double[] strengths, Scan scan) {
    Matcher m = rule.pattern().matcher(view.substring(from, to));
    while (m.find()) {
      record(rule, view, from + m.start(), from + m.end(), strengths, scan);
      if (m.end() == m.start() || settled(rule, strengths, scan)) {
        break;
      }
    }
  }

  /**
   * Records a match at [start, end): its weight, lowered by {@code unless} and by a discussion
   * frame (then it is a mention). The two searches, RE2/J runs over up to a sentence each, are
   * made only where their answer can change the result: a match no stronger than its signal's
   * strength so far changes nothing once it is known (or not asked) whether some match was a
   * mention; and the frame is searched once per start, whatever the rules matching there.
   */
  private void record(Rule rule, String view, int start, int end, double[] strengths, Scan scan) {
    if (settled(rule, strengths, scan)) {
      return;
    }
    double w = rule.weight();
    int sentence = sentenceStart(view, start);
    if (rule.unless() != null && rule.unless().matcher(view.substring(sentence, sentenceEnd(view, end))).find()) {
      w *= rule.unlessFactor();
    }
    if (strengths[rule.signal()] >= w && !scan.mentionOpen()) {
      return;
    }
    Boolean isFramed = scan.framed.get(start);
    if (isFramed == null) {
      isFramed = frame.matcher(view.substring(Math.max(sentence, start - FRAME_REACH), start)).find();
      scan.framed.put(start, isFramed);
    }
    if (isFramed) {
      w *= MENTION_FACTOR;
      scan.mentioned = true;
    }
    strengths[rule.signal()] = Math.max(strengths[rule.signal()], w);
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
