package dev.warden.gateway.chat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Texts that sit somewhere in a JSON body other than a message's content, found and written
 * back by position: a string field ({@code tools[0].function.description}), or a value inside a
 * string that holds JSON (a tool call's {@code arguments}). Arguments are read as JSON and each
 * string or number value is a text of its own, so a redaction is written inside the value and
 * the arguments stay valid JSON; arguments that are not JSON are one raw text. Pure functions.
 */
public final class JsonTexts {
  private JsonTexts() {}

  /**
   * Where a text is: the node at {@code at} in the body, or, with {@code inner}, the value at
   * {@code inner} in the JSON that the string at {@code at} holds.
   */
  public record Spot(JsonPointer at, Optional<JsonPointer> inner) {
    public Spot {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(inner, "inner");
    }

    static Spot field(JsonPointer at) {
      return new Spot(at, Optional.empty());
    }
  }

  /** A text found and where it is. */
  public record Found(Spot spot, String text) {}

  /** The texts of the string at {@code at} that holds JSON (arguments): its values, or itself when it is not JSON. */
  public static List<Found> ofJsonString(JsonPointer at, String raw) {
    JsonNode parsed = parse(raw);
    if (parsed == null || !parsed.isContainerNode()) {
      return raw.isEmpty() ? List.of() : List.of(new Found(Spot.field(at), raw));
    }
    List<Found> out = new ArrayList<>();
    values(parsed, JsonPointer.empty(), (pointer, text) -> out.add(new Found(new Spot(at, Optional.of(pointer)), text)));
    return out;
  }

  /** The non-empty string values under {@code node} (at {@code at} in the body) whose field is named {@code field}. */
  public static List<Found> namedStrings(JsonNode node, JsonPointer at, String field) {
    List<Found> out = new ArrayList<>();
    named(node, at, field, out);
    return out;
  }

  private static void named(JsonNode node, JsonPointer at, String field, List<Found> out) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        JsonPointer p = at.appendProperty(e.getKey());
        if (e.getKey().equals(field) && e.getValue().isTextual()) {
          if (!e.getValue().asText().isEmpty()) {
            out.add(new Found(Spot.field(p), e.getValue().asText()));
          }
        } else {
          named(e.getValue(), p, field, out);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        named(node.get(i), at.appendIndex(i), field, out);
      }
    }
  }

  private interface Visitor {
    void value(JsonPointer at, String text);
  }

  /** String and number values, depth first; keys, booleans and nulls are not texts. */
  private static void values(JsonNode node, JsonPointer at, Visitor visitor) {
    if (node.isObject()) {
      node.properties().forEach(e -> values(e.getValue(), at.appendProperty(e.getKey()), visitor));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        values(node.get(i), at.appendIndex(i), visitor);
      }
    } else if (node.isTextual() && !node.asText().isEmpty()) {
      visitor.value(at, node.asText());
    } else if (node.isNumber()) {
      visitor.value(at, node.asText());
    }
  }

  /**
   * Writes the texts that changed back into {@code root}: fields are replaced, values inside
   * JSON strings are replaced as strings and the JSON is written again (compact). A number
   * whose text changed becomes a string. Texts whose spot no longer exists are skipped.
   */
  public static void write(ObjectNode root, List<Spot> spots, List<String> before, List<String> after) {
    Map<JsonPointer, JsonNode> parsed = new LinkedHashMap<>();
    for (int i = 0; i < spots.size(); i++) {
      if (before.get(i).equals(after.get(i))) {
        continue;
      }
      Spot s = spots.get(i);
      if (s.inner().isEmpty()) {
        set(root, s.at(), after.get(i));
        continue;
      }
      JsonNode json = parsed.computeIfAbsent(s.at(), at -> parse(root.at(at).asText("")));
      if (json != null) {
        set(json, s.inner().get(), after.get(i));
      }
    }
    parsed.forEach((at, json) -> {
      if (json != null) {
        set(root, at, json.toString());
      }
    });
  }

  private static void set(JsonNode root, JsonPointer at, String text) {
    JsonNode parent = root.at(at.head());
    JsonPointer last = at.last();
    if (parent instanceof ObjectNode o && o.has(last.getMatchingProperty())) {
      o.put(last.getMatchingProperty(), text);
    } else if (parent instanceof ArrayNode a && last.mayMatchElement() && last.getMatchingIndex() < a.size()) {
      a.set(last.getMatchingIndex(), a.textNode(text));
    }
  }

  private static JsonNode parse(String raw) {
    if (raw.isBlank()) {
      return null;
    }
    try {
      return OpenAiChat.JSON.readTree(raw);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
