package dev.warden.engine.eval;

import dev.warden.dsl.model.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The per-session global the emitted DRL reports to: which rules fired (in firing order) and,
 * for each {@code route where}, which candidate models satisfied it. Not thread-safe: one per
 * evaluation.
 */
public final class Firings {
  private int[] fired = new int[8];
  private int count;
  /** Per {@code route where} (rule and action, as {@link #key}), the candidates it admitted; a session has few. */
  private long[] admittedBy = new long[0];
  private final List<Set<String>> admitted = new ArrayList<>();

  /** Called by a rule's consequence. */
  public void fire(int rule, Object facts) {
    if (count == fired.length) {
      fired = Arrays.copyOf(fired, count * 2);
    }
    fired[count++] = rule;
  }

  /** Called by a {@code route where} rule for each candidate that satisfies it. */
  public void admit(int rule, int action, ModelSpec candidate) {
    long key = key(rule, action);
    int at = indexOf(key);
    if (at < 0) {
      at = admitted.size();
      admittedBy = Arrays.copyOf(admittedBy, at + 1);
      admittedBy[at] = key;
      admitted.add(new LinkedHashSet<>());
    }
    admitted.get(at).add(candidate.name());
  }

  /** The rules that fired, in firing order (each once). */
  public List<Integer> fired() {
    List<Integer> l = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      l.add(fired[i]);
    }
    return l;
  }

  /** How many rules fired. */
  public int count() {
    return count;
  }

  /** The index of the {@code k}th rule that fired (0-based, firing order). */
  public int fired(int k) {
    if (k < 0 || k >= count) {
      throw new IndexOutOfBoundsException(k);
    }
    return fired[k];
  }

  /** The names of the candidates that satisfied a {@code route where}; empty when none did. */
  public Set<String> admitted(int rule, int action) {
    int at = indexOf(key(rule, action));
    return at < 0 ? Set.of() : admitted.get(at);
  }

  private int indexOf(long key) {
    for (int k = 0; k < admittedBy.length; k++) {
      if (admittedBy[k] == key) {
        return k;
      }
    }
    return -1;
  }

  private static long key(int rule, int action) {
    return ((long) rule << 32) | (action & 0xffffffffL);
  }
}
