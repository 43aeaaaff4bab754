package dev.warden.engine.replay;

import dev.warden.engine.detect.Detection;
import dev.warden.engine.facts.EntityTypes;
import dev.warden.engine.facts.TextFacts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A recorded text as each pack sees it through its allow-lists: the detections whose value the
 * pack allowed (noted when the record was made) left out. Built per pack on first use.
 */
final class PackViews {
  private final RecordedText text;
  private final EntityTypes types;
  private final Map<String, TextFacts> byPack = new HashMap<>();

  PackViews(RecordedText text, EntityTypes types) {
    this.text = text;
    this.types = types;
  }

  TextFacts of(String pack) {
    return byPack.computeIfAbsent(pack, p -> new TextFacts(text.text(), text.tokens(), text.messages(),
        text.detections().stream().filter(d -> !d.allowedBy().contains(p)).map(RecordedDetection::detection).toList(),
        types));
  }

  static List<Detection> all(RecordedText text) {
    return text.detections().stream().map(RecordedDetection::detection).toList();
  }
}
