package dev.warden.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.replay.Outcome;
import dev.warden.engine.replay.RecordedFacts;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reading an audit log for a replay: its request records in order (oldest first), in a time
 * range; from a record, the facts its rules saw (texts as the record kept them) and what its
 * decisions came to. A line that is not a record is passed on as unreadable, not an error:
 * {@code warden audit verify} is where a damaged log is reported.
 */
public final class AuditRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditRecords() {}

  /** A line of the log: a record, or why it is not one. */
  public sealed interface Line {}

  public record Record(ObjectNode json) implements Line {}

  public record Unreadable(Path file, long line) implements Line {}

  /** Every request record with {@code from <= time < to}, in the order they were written (as requests ended). */
  public static void read(Path dir, Optional<Instant> from, Optional<Instant> to, Consumer<Line> each)
      throws IOException {
    for (Segments.Segment s : Segments.list(dir)) {
      if (from.isPresent()) {
        Optional<Instant> closed = Retention.closedAt(s.path());
        if (closed.isPresent() && closed.get().isBefore(from.get())) {
          continue;
        }
      }
      try (BufferedReader in = Files.newBufferedReader(s.path(), StandardCharsets.UTF_8)) {
        String l;
        long n = 0;
        while ((l = in.readLine()) != null) {
          n++;
          JsonNode node;
          try {
            node = JSON.readTree(l);
          } catch (JsonProcessingException e) {
            each.accept(new Unreadable(s.path(), n));
            continue;
          }
          if (!(node instanceof ObjectNode o) || !"request".equals(o.path("type").asText())) {
            continue;
          }
          Instant t;
          try {
            t = Instant.parse(o.path("time").asText());
          } catch (DateTimeParseException e) {
            each.accept(new Unreadable(s.path(), n));
            continue;
          }
          if (from.isPresent() && t.isBefore(from.get())) {
            continue;
          }
          if (to.isPresent() && !t.isBefore(to.get())) {
            // not the end: records are written when requests end, and time is when they arrived,
            // so a long (streamed) request that arrived before "to" can come after one that did not
            continue;
          }
          each.accept(new Record(o));
        }
      } catch (java.nio.charset.MalformedInputException e) {
        each.accept(new Unreadable(s.path(), 0));
      }
    }
  }

  /**
   * The facts the record's rules saw, with the texts the record kept (empty at the
   * {@code metadata} level); empty when no rule ran (refused before: no key, a bad body).
   * An {@link IllegalArgumentException} when the facts are there but malformed.
   */
  public static Optional<RecordedFacts> facts(JsonNode record) {
    if (!record.path("facts").isObject() || !record.path("principal").isObject()) {
      return Optional.empty();
    }
    RecordedFacts f = FactsJson.read(record.path("principal"), record.path("facts"));
    JsonNode content = record.path("content");
    List<String> all = new ArrayList<>();
    List<String> system = new ArrayList<>();
    for (JsonNode m : content.path("messages")) {
      String text = m.path("text").asText();
      all.add(text);
      String role = m.path("role").asText();
      if (role.equals("system") || role.equals("developer")) {
        system.add(text);
      }
    }
    Optional<String> answer = content.path("answer").isTextual() ? Optional.of(content.path("answer").asText())
        : Optional.empty();
    return Optional.of(f.withTexts(String.join("\n", all), String.join("\n", system), answer));
  }

  /** What the recorded decisions came to. */
  public static Outcome outcome(JsonNode record) {
    JsonNode d = record.path("decision");
    return DecisionJson.outcome(d.path("request"),
        d.path("response").isObject() ? Optional.of(d.path("response")) : Optional.empty());
  }
}
