package dev.warden.engine.detect;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the entity detectors of one scan share about its text, made on first use: the text in
 * lower case (for case-insensitive anchors, gates and formats) and the windows of
 * {@link Anchors#shared shared} anchors (the number-like runs that the card, SSN, IPv4 and phone
 * patterns all search), so that each is computed once per text rather than once per pattern.
 * For one scan and one thread.
 */
public final class TextMemo {
  private final String text;
  private String lower;
  private final Map<Anchors, int[]> windows = new IdentityHashMap<>(4);

  public TextMemo(String text) {
    this.text = text;
  }

  /** The text as given. */
  public String text() {
    return text;
  }

  /** The text in lower case ({@link Locale#ROOT}). */
  public String lowerCase() {
    if (lower == null) {
      lower = text.toLowerCase(Locale.ROOT);
    }
    return lower;
  }

  /** The windows {@code anchors} gives for the text, as start, end pairs, computed on the first call. */
  int[] windows(Anchors anchors) {
    int[] w = windows.get(anchors);
    if (w == null) {
      int[][] collected = {new int[16]};
      int[] size = {0};
      anchors.windows(text, (start, end) -> {
        if (size[0] + 2 > collected[0].length) {
          collected[0] = Arrays.copyOf(collected[0], collected[0].length * 2);
        }
        collected[0][size[0]++] = start;
        collected[0][size[0]++] = end;
      });
      w = Arrays.copyOf(collected[0], size[0]);
      windows.put(anchors, w);
    }
    return w;
  }
}
