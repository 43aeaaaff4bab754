package dev.warden.dsl.schema;

import dev.warden.dsl.ast.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The names the language knows: paths, built-in entity types and groups, and the words each
 * option accepts. Resolves written paths and lists the candidates a typo is compared with.
 */
public final class Schema {
  /** Built-in entity types, in the order of the language document. */
  public static final List<String> BUILTIN_ENTITIES = List.of(
      "EMAIL", "PHONE", "CREDIT_CARD", "SSN", "IBAN", "IP_ADDRESS", "URL", "DATE_OF_BIRTH",
      "PERSON", "LOCATION", "ORGANIZATION", "API_KEY", "PRIVATE_KEY", "JWT", "PASSWORD");

  /** Built-in groups and their members. */
  public static final Map<String, List<String>> BUILTIN_GROUPS = builtinGroups();

  /** The scopes of {@code budget(S)} and {@code limit S ...}. */
  public static final List<String> SCOPES = List.of("key", "user", "team", "tenant", "app");
  /**
   * The names {@code injection.signals} can hold: what the injection detector reports (the
   * rules engine tests that it reports these and no others).
   */
  public static final List<String> INJECTION_SIGNALS = List.of("instruction_override", "role_play",
      "system_prompt_extraction", "fake_delimiter", "tool_exfiltration", "encoded_payload", "obfuscation",
      "refusal_suppression");

  public static final List<String> TARGETS = List.of("prompt", "system", "response");

  private static Map<String, List<String>> builtinGroups() {
    Map<String, List<String>> g = new LinkedHashMap<>();
    g.put("PII", List.of("EMAIL", "PHONE", "CREDIT_CARD", "SSN", "IBAN", "IP_ADDRESS", "DATE_OF_BIRTH",
        "PERSON", "LOCATION"));
    g.put("SECRET", List.of("API_KEY", "PRIVATE_KEY", "JWT", "PASSWORD"));
    return Map.copyOf(g);
  }

  private Schema() {}

  /** Why a path did not resolve, and the nearest known path when there is one. */
  public record Unknown(String message, Optional<String> suggestion) {}

  /** Resolves a written path to a field, or says why it cannot. */
  public static Resolution resolve(Path path) {
    List<Path.Segment> segs = path.segments();
    String written = path.text();
    if (segs.getFirst() instanceof Path.Call call) {
      if (!call.name().equals("budget")) {
        return unknown(written);
      }
      if (!SCOPES.contains(call.arg())) {
        return new Resolution.Failed(new Unknown("`" + call.arg() + "` is not a budget scope",
            Suggest.nearest(call.arg(), SCOPES).map(s -> "budget(" + s + ")")
                .or(() -> Optional.of("one of " + String.join(", ", SCOPES)))));
      }
      if (segs.size() != 2 || !(segs.get(1) instanceof Path.Field f)) {
        return new Resolution.Failed(new Unknown("`" + written + "` is not a budget value",
            Optional.of("budget(" + call.arg() + ").used, .spent, .limit or .remaining")));
      }
      return Field.ofPattern("budget(*)." + f.name())
          .<Resolution>map(field -> new Resolution.Ok(FactPath.of(field, call.arg())))
          .orElseGet(() -> unknown(written));
    }
    if (segs.size() == 3 && segs.get(0) instanceof Path.Field a && a.name().equals("request")
        && segs.get(1) instanceof Path.Field b && b.name().equals("tags") && segs.get(2) instanceof Path.Key k) {
      return new Resolution.Ok(FactPath.of(Field.REQUEST_TAG, k.key()));
    }
    for (Path.Segment s : segs) {
      if (!(s instanceof Path.Field)) {
        return unknown(written);
      }
    }
    return Field.ofPattern(written)
        .<Resolution>map(f -> new Resolution.Ok(FactPath.of(f)))
        .orElseGet(() -> unknown(written));
  }

  private static Resolution unknown(String written) {
    if (written.equals("request.tags")) {
      return new Resolution.Failed(new Unknown("`request.tags` needs a key", Optional.of("request.tags[\"key\"]")));
    }
    return new Resolution.Failed(new Unknown("unknown path `" + written + "`", Suggest.nearest(written, writtenForms())));
  }

  /** Every path as a user would write it, for suggestions and the reference. */
  public static List<String> writtenForms() {
    List<String> forms = new ArrayList<>();
    for (Field f : Field.values()) {
      if (f == Field.REQUEST_TAG) {
        forms.add("request.tags[\"key\"]");
      } else if (f.isBudget()) {
        for (String s : SCOPES) {
          forms.add(f.pattern().replace("*", s));
        }
      } else {
        forms.add(f.pattern());
      }
    }
    return forms;
  }

  /** The outcome of resolving a path. */
  public sealed interface Resolution permits Resolution.Ok, Resolution.Failed {
    record Ok(FactPath path) implements Resolution {}

    record Failed(Unknown why) implements Resolution {}
  }

  /** The words accepted by an option, e.g. the redaction operators. */
  public enum Option {
    PHASE("phase", Set.of("request", "response")),
    MODE("mode", Set.of("enforce", "monitor")),
    OPERATOR("redaction operator", Set.of("replace", "partial", "mask", "hash", "pseudonymize")),
    PREFER("preference", Set.of("cheapest", "fastest")),
    SCOPE("scope", Set.copyOf(SCOPES)),
    UNIT("limit unit", Set.of("requests", "tokens")),
    PER("period", Set.of("minute", "hour", "day")),
    LOG("log level", Set.of("full", "redacted", "metadata")),
    VALIDATE("validator", Set.of("luhn", "iban", "none")),
    TARGET("text", Set.copyOf(TARGETS));

    private final String what;
    private final Set<String> words;

    Option(String what, Set<String> words) {
      this.what = what;
      this.words = words;
    }

    public String what() {
      return what;
    }

    public Set<String> words() {
      return words;
    }

    public List<String> sortedWords() {
      return words.stream().sorted().toList();
    }
  }
}
