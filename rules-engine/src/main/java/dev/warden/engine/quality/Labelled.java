package dev.warden.engine.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Labelled evaluation data, one JSON object per line: entity spans ({@code {"text", "entities":
 * [{"type", "start", "end"}]}}, offsets in code points), prompts labelled injection or benign
 * ({@code {"text", "label"}}), and texts labelled per safety category ({@code {"text",
 * "labels": {"hate": 0|1, ...}}}).
 */
public final class Labelled {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Labelled() {}

  /** An entity span in code points. */
  public record Span(String type, int start, int end) {}

  public record SpanLine(String text, List<Span> entities) {}

  public record PromptLine(String text, boolean injection, String category) {}

  public record SafetyLine(String text, Map<String, Boolean> labels) {}

  public static List<SpanLine> spans(Path file) throws IOException {
    List<SpanLine> lines = new ArrayList<>();
    for (JsonNode n : read(file)) {
      List<Span> spans = new ArrayList<>();
      for (JsonNode e : n.path("entities")) {
        spans.add(new Span(e.path("type").asText(), e.path("start").asInt(), e.path("end").asInt()));
      }
      lines.add(new SpanLine(n.path("text").asText(), spans));
    }
    return lines;
  }

  public static List<PromptLine> prompts(Path file) throws IOException {
    List<PromptLine> lines = new ArrayList<>();
    for (JsonNode n : read(file)) {
      String label = n.path("label").asText();
      if (!label.equals("injection") && !label.equals("benign")) {
        throw new IOException(file + ": label must be injection or benign, got " + label);
      }
      lines.add(new PromptLine(n.path("text").asText(), label.equals("injection"), n.path("category").asText("")));
    }
    return lines;
  }

  public static List<SafetyLine> safety(Path file) throws IOException {
    List<SafetyLine> lines = new ArrayList<>();
    for (JsonNode n : read(file)) {
      Map<String, Boolean> labels = new TreeMap<>();
      n.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asInt() == 1));
      lines.add(new SafetyLine(n.path("text").asText(), labels));
    }
    return lines;
  }

  private static List<JsonNode> read(Path file) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    int lineNo = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      try {
        nodes.add(JSON.readTree(line));
      } catch (IOException e) {
        throw new IOException(file + ":" + lineNo + ": not JSON: " + e.getMessage(), e);
      }
    }
    return nodes;
  }
}
