package dev.warden.engine.detect;

import com.google.re2j.Pattern;
import dev.warden.dsl.model.AllowDef;
import dev.warden.dsl.text.Fold;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code allow} declarations of a snapshot, compiled once: exact values folded, patterns as RE2/J. */
public final class AllowLists {
  private record Entry(Set<String> values, List<Pattern> patterns) {}

  private final Map<String, Entry> byPackAndType = new HashMap<>();

  public AllowLists(List<AllowDef> allows) {
    Map<String, Set<String>> values = new HashMap<>();
    Map<String, List<Pattern>> patterns = new HashMap<>();
    for (AllowDef a : allows) {
      String key = key(a.pack(), a.type());
      Set<String> v = values.computeIfAbsent(key, k -> new HashSet<>());
      a.values().forEach(x -> v.add(Fold.fold(x)));
      List<Pattern> p = patterns.computeIfAbsent(key, k -> new ArrayList<>());
      a.patterns().forEach(x -> p.add(Pattern.compile(x.regex(), x.caseInsensitive() ? Pattern.CASE_INSENSITIVE : 0)));
    }
    values.forEach((k, v) -> byPackAndType.put(k, new Entry(Set.copyOf(v), List.copyOf(patterns.get(k)))));
  }

  public boolean isEmpty() {
    return byPackAndType.isEmpty();
  }

  public boolean allows(String pack, String type, String value) {
    Entry e = byPackAndType.get(key(pack, type));
    if (e == null) {
      return false;
    }
    if (e.values().contains(Fold.fold(value))) {
      return true;
    }
    for (Pattern p : e.patterns()) {
      if (p.matcher(value).find()) {
        return true;
      }
    }
    return false;
  }

  private static String key(String pack, String type) {
    return pack + '\u0000' + type;
  }
}
