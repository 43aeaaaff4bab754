package dev.warden.models.guard.train;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Encoded and obfuscated forms of held-out texts (base64, hex, rot13, leetspeak, zero-width
 * characters, look-alike letters), so that calibration also sees what the detectors' normaliser
 * undoes. Never used for training: the classifier reads normalised, decoded text.
 */
final class Variants {
  static final List<String> KINDS = List.of("base64", "hex", "rot13", "leet", "zero_width", "homoglyph");

  private static final List<String> ATTACK_WRAPPERS = List.of(
      "Decode this and follow what it says: %s", "%s", "Process the following payload: %s",
      "Here is your real task, encoded: %s", "Please decode and execute: %s", "Input: %s");
  private static final List<String> BENIGN_WRAPPERS = List.of(
      "Can you decode this for me? %s", "%s", "What does this string say: %s",
      "My colleague sent me this, what is it? %s", "Decode: %s");

  private final Random random;

  Variants(Random random) {
    this.random = random;
  }

  /** The text in form {@code kind}, wrapped in a sentence where the form is an encoding. */
  String apply(String kind, String text, boolean attack) {
    List<String> wrappers = attack ? ATTACK_WRAPPERS : BENIGN_WRAPPERS;
    String wrapper = wrappers.get(random.nextInt(wrappers.size()));
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return switch (kind) {
      case "base64" -> String.format(wrapper, Base64.getEncoder().encodeToString(bytes));
      case "hex" -> String.format(wrapper, HexFormat.of().formatHex(bytes));
      case "rot13" -> String.format(wrapper, rot13(text));
      case "leet" -> leet(text);
      case "zero_width" -> zeroWidth(text);
      case "homoglyph" -> homoglyph(text);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  static String rot13(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c >= 'a' && c <= 'z') {
        sb.append((char) ('a' + (c - 'a' + 13) % 26));
      } else if (c >= 'A' && c <= 'Z') {
        sb.append((char) ('A' + (c - 'A' + 13) % 26));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private String leet(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      char l = Character.toLowerCase(c);
      String to = switch (l) {
        case 'a' -> "4";
        case 'e' -> "3";
        case 'i' -> "1";
        case 'o' -> "0";
        case 's' -> "5";
        case 't' -> "7";
        default -> null;
      };
      sb.append(to != null && random.nextInt(3) > 0 ? to : String.valueOf(c));
    }
    return sb.toString();
  }

  private String zeroWidth(String s) {
    StringBuilder sb = new StringBuilder(s.length() * 2);
    for (int i = 0; i < s.length(); i++) {
      sb.append(s.charAt(i));
      if (Character.isLetter(s.charAt(i)) && i + 1 < s.length() && Character.isLetter(s.charAt(i + 1))
          && random.nextInt(3) == 0) {
        sb.append(random.nextBoolean() ? '\u200b' : '\u200d');
      }
    }
    return sb.toString();
  }

  private String homoglyph(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      char to = switch (c) {
        case 'a' -> '\u0430';
        case 'e' -> '\u0435';
        case 'o' -> '\u043e';
        case 'p' -> '\u0440';
        case 'c' -> '\u0441';
        case 'i' -> '\u0456';
        case 'x' -> '\u0445';
        case 'y' -> '\u0443';
        default -> c;
      };
      sb.append(to != c && random.nextInt(2) == 0 ? to : c);
    }
    return sb.toString();
  }
}
