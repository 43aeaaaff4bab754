package dev.warden.engine.detect;

import com.google.re2j.Pattern;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Credentials in text: vendor key formats kept as data ({@code secret-formats.tsv}), PEM
 * private key blocks, JWTs whose header decodes, and credential assignments
 * ({@code password=...}, URLs with user:password). Placeholders such as
 * {@code AKIAXXXXXXXXXXXXXXXX} or {@code sk-...your-key...} are not secrets.
 */
public final class SecretsDetector implements Detector {
  static final Set<String> TYPES = Set.of("API_KEY", "PRIVATE_KEY", "JWT", "PASSWORD");
  private static final Pattern JWT =
      Pattern.compile("(?:^|[^A-Za-z0-9_.-])(eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,})(?:[^A-Za-z0-9_.-]|$)");
  /** A value assigned to a key-like name: an API_KEY when it looks random (see {@link #looksRandom}). */
  private static final Pattern KEY_ASSIGNMENT = Pattern.compile("(?i)(?:^|[^A-Za-z0-9_])(?:(?:[a-z0-9]+[_-])*"
      + "(?:api[_-]?key|apikey|access[_-]?key|access[_-]?token|auth[_-]?token|secret[_-]?key|private[_-]?token|token"
      + "|x-api-key)[\"']?\\s*(?:[:=]|=>)|bearer\\s)\\s*[\"']?([A-Za-z0-9_\\-+/=.~]{16,256})");
  private static final java.util.Set<String> STAND_INS = java.util.Set.of("password", "passw0rd", "replace_me",
      "replaceme", "mypassword", "your_password", "yourpassword", "secret", "mysecret", "changeit", "change_me",
      "pass1234", "password1", "password123", "admin", "root", "test", "testing", "example", "dummy", "none", "null",
      "undefined", "true", "false", "required", "optional", "string");
  private static final List<String> PLACEHOLDER_WORDS = List.of("xxxx", "your", "example", "placeholder", "changeme",
      "redacted", "dummy", "sample", "<", ">", "...", "****", "${", "{{", "0000000000", "1234567890", "abcdef1234");

  /**
   * A vendor format: searched from {@code before} characters before each of its triggers
   * ({@code ids} in the detector's {@link LiteralSet}) to {@code after} characters past it.
   */
  private record Format(String name, String type, Pattern pattern, double score, int before, int after,
      boolean[] ids, Anchors.Check check) {}

  /** RE2/J's {@code \s}. */
  private static final String SPACE = " \t\n\f\r";

  /**
   * What the windows of some formats must hold for their pattern to match there, read off the
   * pattern (see {@link WindowChecks}): their triggers are common in prose ("follow-up" holds
   * "-u", "task-based" "sk-", "passenger" "pass", any link "://") and each window they open
   * costs an RE2/J search of a few hundred characters that these checks mostly spare.
   */
  private static final java.util.Map<String, Anchors.Check> CHECKS = java.util.Map.of(
      // (?:^|\s)(?:-u|--user)\s+[^\s:]{1,64}:(...)
      "curl-user", WindowChecks.both(WindowChecks.literalAfter(SPACE, "-u", "--user"), WindowChecks.anyOf(":")),
      // ...://user:(password)@host
      "url-credentials", WindowChecks.anyOf("@"),
      // name["']?\s*(?:[:=]|=>)\s*["']?(value)
      "credential-assignment", WindowChecks.anyOf(":="),
      // sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,200}
      "openai-key", WindowChecks.run(32, "A-Za-z0-9_-", false),
      // (?i)...secret\s+([A-Za-z0-9_\-+/=]{16,128})
      "secret-phrase", WindowChecks.run(16, "A-Za-z0-9_+/=-", true),
      // (?i)...["']?\s*(?:[:=]|=>)?\s*["']?([A-Za-z0-9/+=]{40})
      "aws-secret-access-key", WindowChecks.run(40, "A-Za-z0-9/+=", true),
      // \bmysql(?:dump|admin)?\b[^\n]{0,200}?\s-p(...)
      "mysql-password", WindowChecks.anyOf("-"),
      // (?i)(?:getenv|environ\.get|env\.fetch|System\.getenv)\(...
      "env-default", WindowChecks.anyOf("("),
      // (?i)define\(...
      "php-define", WindowChecks.anyOf("("));
  /** An assignment's value: {@code [A-Za-z0-9_\-+/=.~]{16,256}} in a case-insensitive pattern. */
  private static final Anchors.Check KEY_VALUE = WindowChecks.run(16, "A-Za-z0-9_+/=.~-", true);

  private static final String[] KEY_WORDS = {"key", "token", "bearer"};

  private final List<Format> formats;
  /** Every format's triggers, the key words of assignments and the start of a JWT, found in one pass. */
  private final LiteralSet triggers;
  private final boolean[] keyWordIds;
  private final boolean[] jwtIds;

  public SecretsDetector() {
    LiteralSet.Builder literals = new LiteralSet.Builder();
    this.formats = load(literals);
    this.keyWordIds = ids(literals, true, KEY_WORDS);
    this.jwtIds = ids(literals, false, "eyJ");
    this.triggers = literals.build();
  }

  /** Adds {@code words} to the set and marks their ids (in an array as long as the ids so far). */
  private static boolean[] ids(LiteralSet.Builder literals, boolean ignoreCase, String... words) {
    int[] added = java.util.Arrays.stream(words).mapToInt(w -> literals.add(w, ignoreCase)).toArray();
    boolean[] ids = new boolean[added[added.length - 1] + 1];
    for (int id : added) {
      ids[id] = true;
    }
    return ids;
  }

  private static List<Format> load(LiteralSet.Builder literals) {
    List<Format> list = new ArrayList<>();
    try (InputStream in = SecretsDetector.class.getResourceAsStream("secret-formats.tsv")) {
      if (in == null) {
        throw new IllegalStateException("secret-formats.tsv is missing from the classpath");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t");
        if (cols.length != 5) {
          throw new IllegalStateException("bad secret format line: " + line);
        }
        double score = cols[1].equals("PASSWORD") ? 0.7 : 0.9;
        // "~" before the first trigger: the format's triggers are matched ignoring case
        boolean ignoreCase = cols[2].startsWith("~");
        String[] words = java.util.Arrays.stream(cols[2].split(",")).map(t -> t.startsWith("~") ? t.substring(1) : t)
            .toArray(String[]::new);
        // the margin: "N" characters on both sides of a trigger, or "B/A" before and after it
        String[] margin = cols[3].split("/");
        int before = Integer.parseInt(margin[0]);
        int after = Integer.parseInt(margin[margin.length - 1]);
        list.add(new Format(cols[0], cols[1], Pattern.compile(cols[4]), score, before, after,
            ids(literals, ignoreCase, words), CHECKS.getOrDefault(cols[0], (text, start, end) -> true)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(list);
  }

  @Override
  public String name() {
    return "secrets";
  }

  @Override
  public Set<String> types() {
    return TYPES;
  }

  @Override
  public void detect(String text, List<Detection> out) {
    detect(new TextMemo(text), out);
  }

  @Override
  public void detect(TextMemo memo, List<Detection> out) {
    String text = memo.text();
    List<Detection> found = new java.util.ArrayList<>();
    LiteralSet.Hits hits = triggers.find(memo);
    for (Format f : formats) {
      Anchors around = (t, w) -> triggers.windows(hits, f.ids(), f.before(), f.after(), t.length(), w);
      scan(memo, f, around.where(f.check()), found);
    }
    Anchors keyWords = ((Anchors) (t, w) -> triggers.windows(hits, keyWordIds, 320, 320, t.length(), w))
        .where(KEY_VALUE);
    Finds.each(KEY_ASSIGNMENT, memo, keyWords, (start, end) -> {
      String value = text.substring(start, end);
      if (looksRandom(value) && !isPlaceholder(value) && !value.startsWith("eyJ")) {
        found.add(new Detection("API_KEY", start, end, 0.85, "secrets:high-entropy-assignment"));
      }
    });
    Anchors jwtStarts = (t, w) -> triggers.windows(hits, jwtIds, 2, 16_384, t.length(), w);
    Finds.each(JWT, memo, jwtStarts, (start, end) -> {
      if (decodesAsJwt(text.substring(start, end))) {
        found.add(new Detection("JWT", start, end, 0.95, "secrets:jwt"));
      }
    });
    // a vendor key where a password would be (https://oauth2:glpat-...@host) is a key, not a password
    for (Detection d : found) {
      boolean shadowed = d.type().equals("PASSWORD") && found.stream()
          .anyMatch(k -> !k.type().equals("PASSWORD") && k.overlaps(d));
      if (!shadowed) {
        out.add(d);
      }
    }
  }

  private static void scan(TextMemo memo, Format f, Anchors anchors, List<Detection> out) {
    String text = memo.text();
    Finds.each(f.pattern(), memo, anchors, (start, end) -> {
      boolean call = end < text.length() && text.charAt(end) == '(';
      if (!call && !isPlaceholder(text.substring(start, end))) {
        out.add(new Detection(f.type(), start, end, f.score(), "secrets:" + f.name()));
      }
    });
  }

  /**
   * Values people paste as examples or that are code, not secrets: repeated X, "your-key",
   * angle brackets, ellipses, templating and variables ($VAR, ${VAR}, %VAR%), function calls,
   * and the usual stand-ins (password, changeme, replace_me, ...).
   */
  static boolean isPlaceholder(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    if (STAND_INS.contains(v) || v.startsWith("$") || v.startsWith("%") || v.startsWith("@") || v.contains("(")
        || v.startsWith("process.env") || v.startsWith("os.environ")) {
      return true;
    }
    for (String w : PLACEHOLDER_WORDS) {
      if (v.contains(w)) {
        return true;
      }
    }
    int distinct = (int) v.chars().distinct().count();
    return distinct <= 3 && v.length() > 6;
  }

  /**
   * Whether a token looks generated rather than written: letters and digits mixed, and a
   * Shannon entropy of at least 3.5 bits per character (hex: 3.0), so words, dates and
   * version strings do not qualify.
   */
  static boolean looksRandom(String v) {
    boolean letter = false;
    boolean digit = false;
    boolean hexOnly = true;
    int[] counts = new int[128];
    int n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      letter |= Character.isLetter(c);
      digit |= Character.isDigit(c);
      hexOnly &= Character.digit(c, 16) >= 0;
      if (c < 128) {
        counts[c]++;
        n++;
      }
    }
    if (!letter || !digit || n == 0) {
      return false;
    }
    double entropy = 0;
    for (int c : counts) {
      if (c > 0) {
        double p = c / (double) n;
        entropy -= p * (Math.log(p) / Math.log(2));
      }
    }
    return entropy >= (hexOnly ? 3.0 : 3.5);
  }

  /** A JWT's header is base64url JSON with an "alg". */
  static boolean decodesAsJwt(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    try {
      String header = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      return header.startsWith("{") && header.contains("\"alg\"");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
