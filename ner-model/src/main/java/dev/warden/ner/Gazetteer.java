package dev.warden.ner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The word lists the project wrote (first names, surnames, places, organisation words, titles,
 * months and weekdays), looked up by the lower-cased, space-joined tokens of a span. Immutable
 * after loading and safe to share between threads.
 */
public final class Gazetteer {
  /** One list; its bit is set in the mask a span key maps to. */
  public enum Category {
    FIRST_NAME("first-names.txt"),
    SURNAME("surnames.txt"),
    CITY("cities.txt"),
    COUNTRY("countries.txt"),
    REGION("regions.txt"),
    ORGANIZATION("organizations.txt"),
    ORG_SUFFIX("org-suffixes.txt"),
    ORG_KEYWORD("org-keywords.txt"),
    LOC_KEYWORD("loc-keywords.txt"),
    TITLE("titles.txt"),
    TEMPORAL("temporal.txt"),
    PRODUCT("products.txt");

    private final String file;

    Category(String file) {
      this.file = file;
    }

    public int bit() {
      return 1 << ordinal();
    }

    public String file() {
      return file;
    }
  }

  public static final int PLACE = Category.CITY.bit() | Category.COUNTRY.bit() | Category.REGION.bit();
  public static final int NAME = Category.FIRST_NAME.bit() | Category.SURNAME.bit();

  private final Map<String, Integer> masks;
  private final Set<String> multiWordStarts;
  private final Map<Category, List<String>> entries;
  private final int maxTokens;

  private Gazetteer(Map<String, Integer> masks, Set<String> multiWordStarts, Map<Category, List<String>> entries,
      int maxTokens) {
    // a HashMap and a HashSet, never changed after this: most words a text looks up miss, and
    // Map.copyOf's probing calls equals on every key it passes where these compare hashes first
    this.masks = new HashMap<>(masks);
    this.multiWordStarts = new HashSet<>(multiWordStarts);
    this.entries = new EnumMap<>(entries);
    this.maxTokens = maxTokens;
  }

  /** Loads every list from {@link NerResources#GAZETTEER_DIR} on the classpath. */
  public static Gazetteer load() {
    Map<String, Integer> masks = new HashMap<>();
    Map<Category, List<String>> entries = new EnumMap<>(Category.class);
    Set<String> multiWordStarts = new HashSet<>();
    int maxTokens = 1;
    for (Category c : Category.values()) {
      List<String> list = read(NerResources.GAZETTEER_DIR + c.file());
      entries.put(c, List.copyOf(list));
      for (String entry : list) {
        Tokens t = Tokenizer.tokenize(entry);
        if (t.size() == 0) {
          continue;
        }
        maxTokens = Math.max(maxTokens, t.size());
        if (t.size() > 1) {
          multiWordStarts.add(t.lower(0));
        }
        masks.merge(t.key(0, t.size()), c.bit(), (a, b) -> a | b);
        if (c == Category.TITLE || c == Category.ORG_SUFFIX) {
          // "Dr" and "Dr.", "Inc" and "Inc." are the same word.
          String k = t.key(0, t.size());
          String other = k.endsWith(".") ? k.substring(0, k.length() - 1) : k + ".";
          masks.merge(other, c.bit(), (a, b) -> a | b);
        }
      }
    }
    return new Gazetteer(masks, multiWordStarts, entries, maxTokens);
  }

  private static List<String> read(String resource) {
    InputStream in = Gazetteer.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("missing gazetteer on the classpath: " + resource);
    }
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String s = line.strip();
        if (!s.isEmpty() && !s.startsWith("#")) {
          out.add(s);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The categories (bits of {@link Category}) of the span key, 0 when it is in no list. */
  public int mask(String key) {
    Integer m = masks.get(key);
    return m == null ? 0 : m;
  }

  public boolean is(String key, Category c) {
    return (mask(key) & c.bit()) != 0;
  }

  /** Whether some entry of two or more tokens starts with this lower-cased word. */
  public boolean startsMultiWord(String lower) {
    return multiWordStarts.contains(lower);
  }

  /** The longest entry, in tokens. */
  public int maxTokens() {
    return maxTokens;
  }

  /** The entries of one list as written, in file order (for building the training corpus). */
  public List<String> entries(Category c) {
    return entries.get(c);
  }
}
