package dev.warden.engine.redact;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-request vault of {@code pseudonymize}: each distinct value of a type gets a stable
 * token {@code <TYPE_n>} (the same value, the same token), and tokens in the model's answer
 * are turned back into the originals before the caller sees it. Lives for one request only.
 */
public final class Pseudonyms {
  private final Map<String, String> tokenByValue = new HashMap<>();
  private final Map<String, String> valueByToken = new LinkedHashMap<>();
  private final Map<String, Integer> counters = new HashMap<>();

  /** The token for a value of a type, assigning the next number on first sight. */
  public String tokenFor(String type, String value) {
    String key = type + '\u0000' + value;
    String token = tokenByValue.get(key);
    if (token == null) {
      int n = counters.merge(type, 1, Integer::sum);
      token = "<" + type + "_" + n + ">";
      tokenByValue.put(key, token);
      valueByToken.put(token, value);
    }
    return token;
  }

  public boolean isEmpty() {
    return valueByToken.isEmpty();
  }

  /** Tokens issued so far and the values they stand for. */
  public Map<String, String> tokens() {
    return Map.copyOf(valueByToken);
  }

  /** The text with every issued token replaced by its original value. */
  public String restore(String text) {
    if (valueByToken.isEmpty() || text.indexOf('<') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf('<', i);
      if (open < 0) {
        out.append(text, i, text.length());
        break;
      }
      out.append(text, i, open);
      int close = text.indexOf('>', open);
      String original = close > open ? valueByToken.get(text.substring(open, close + 1)) : null;
      if (original != null) {
        out.append(original);
        i = close + 1;
      } else {
        out.append('<');
        i = open + 1;
      }
    }
    return out.toString();
  }
}
