package dev.warden.engine.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a candidate pack set would change on past (replay) or live (shadow) traffic, compared
 * request by request with what happened: requests newly blocked, no longer blocked, blocked by
 * another rule, served by another model, redacted differently; and per rule, where it fires
 * now and did not, or no longer fires. Each with a count and a few example request ids.
 * Not thread-safe: one thread adds (shadow mode guards it).
 */
public final class ReplayReport {
  /** Example request ids kept per change and rule. */
  public static final int EXAMPLES = 3;

  /** A kind of change. */
  public enum Change {
    NEWLY_BLOCKED("newly blocked"),
    NO_LONGER_BLOCKED("no longer blocked"),
    BLOCKED_DIFFERENTLY("blocked by another rule or status"),
    DIFFERENT_MODEL("different model"),
    DIFFERENT_REDACTIONS("different redactions"),
    RULE_NOW_FIRES("rule fires now, did not"),
    RULE_NO_LONGER_FIRES("rule fired, no longer does");

    private final String words;

    Change(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  /** One change by one rule: how often, a few request ids, and a few "before -> after" notes. */
  public static final class Entry {
    private long count;
    private final List<String> examples = new ArrayList<>();
    private final Set<String> details = new LinkedHashSet<>();

    public long count() {
      return count;
    }

    public List<String> examples() {
      return List.copyOf(examples);
    }

    public List<String> details() {
      return List.copyOf(details);
    }

    void add(String id, String detail) {
      count++;
      if (examples.size() < EXAMPLES) {
        examples.add(id);
      }
      if (!detail.isEmpty() && details.size() < EXAMPLES) {
        details.add(detail);
      }
    }
  }

  private final Map<Change, Map<String, Entry>> changes = new LinkedHashMap<>();
  private long compared;
  private long changed;
  private long skipped;
  private final Map<String, Long> skippedWhy = new TreeMap<>();

  public ReplayReport() {
    for (Change c : Change.values()) {
      changes.put(c, new TreeMap<>());
    }
  }

  /** Compares what happened ({@code before}) with what the candidate decides ({@code after}). */
  public void add(String requestId, Outcome before, Outcome after) {
    Objects.requireNonNull(requestId, "requestId");
    compared++;
    boolean any = false;
    if (!before.blocked() && after.blocked()) {
      any |= note(Change.NEWLY_BLOCKED, after.block().get().rule(), requestId, "status " + after.block().get().status());
    } else if (before.blocked() && !after.blocked()) {
      any |= note(Change.NO_LONGER_BLOCKED, before.block().get().rule(), requestId, "");
    } else if (before.blocked() && !before.block().equals(after.block())) {
      Outcome.Block b = before.block().get();
      Outcome.Block a = after.block().get();
      any |= note(Change.BLOCKED_DIFFERENTLY, a.rule(), requestId, b.rule() + " " + b.status() + " -> " + a.rule() + " "
          + a.status());
    }
    if (!before.blocked() && !after.blocked() && !before.model().equals(after.model())) {
      String rule = after.routedBy().isEmpty() ? before.routedBy() : after.routedBy();
      any |= note(Change.DIFFERENT_MODEL, rule.isEmpty() ? "(no routing rule)" : rule, requestId,
          before.model().orElse("none") + " -> " + after.model().orElse("none"));
    }
    if (!before.blocked() && !after.blocked()) {
      any |= redactions("prompt", before.prompt(), after.prompt(), requestId);
      any |= redactions("answer", before.answer(), after.answer(), requestId);
    }
    for (String r : after.fired()) {
      if (!before.fired().contains(r)) {
        any |= note(Change.RULE_NOW_FIRES, r, requestId, "");
      }
    }
    for (String r : before.fired()) {
      if (!after.fired().contains(r)) {
        any |= note(Change.RULE_NO_LONGER_FIRES, r, requestId, "");
      }
    }
    if (any) {
      changed++;
    }
  }

  private boolean redactions(String where, Map<String, Outcome.Redaction> before, Map<String, Outcome.Redaction> after,
      String id) {
    boolean any = false;
    Set<String> types = new LinkedHashSet<>(before.keySet());
    types.addAll(after.keySet());
    for (String type : types) {
      Outcome.Redaction b = before.get(type);
      Outcome.Redaction a = after.get(type);
      String bo = b == null ? "none" : b.op();
      String ao = a == null ? "none" : a.op();
      if (!bo.equals(ao)) {
        String rule = a != null ? a.rule() : b.rule();
        any |= note(Change.DIFFERENT_REDACTIONS, rule, id, where + " " + type + ": " + bo + " -> " + ao);
      }
    }
    return any;
  }

  private boolean note(Change c, String rule, String id, String detail) {
    changes.get(c).computeIfAbsent(rule, r -> new Entry()).add(id, detail);
    return true;
  }

  /** A record that could not be replayed (no facts: refused before the rules ran, or unreadable), and why. */
  public void skip(String why) {
    skipped++;
    skippedWhy.merge(why, 1L, Long::sum);
  }

  public long compared() {
    return compared;
  }

  public long changed() {
    return changed;
  }

  public long skipped() {
    return skipped;
  }

  public Map<String, Long> skippedWhy() {
    return java.util.Collections.unmodifiableMap(skippedWhy);
  }

  /** Per change, per rule, the entries (rules in name order); changes that did not occur are empty. */
  public Map<Change, Map<String, Entry>> changes() {
    return java.util.Collections.unmodifiableMap(changes);
  }

  /** How many requests a change touched (a request counts once per rule it is noted under). */
  public long count(Change c) {
    return changes.get(c).values().stream().mapToLong(Entry::count).sum();
  }
}
