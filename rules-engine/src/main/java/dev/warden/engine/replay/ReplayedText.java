package dev.warden.engine.replay;

import dev.warden.engine.facts.EntityTypes;
import dev.warden.engine.facts.TextFacts;

/**
 * A prompt or system text rebuilt from a record. The recorded text may be the redacted one, so
 * the offsets of its detections need not fit it: entity tests through a pack's allow-list use
 * the recorded allow-list outcome instead of reading the value.
 */
final class ReplayedText extends TextFacts {
  private final PackViews views;

  ReplayedText(RecordedText recorded, EntityTypes types) {
    super(recorded.text(), recorded.tokens(), recorded.messages(), PackViews.all(recorded), types);
    this.views = new PackViews(recorded, types);
  }

  @Override
  public boolean has(String type, String pack) {
    return views.of(pack).has(type);
  }

  @Override
  public double count(String type, String pack) {
    return views.of(pack).count(type);
  }

  @Override
  public boolean hasScore(String type, String op, double t, String pack) {
    return views.of(pack).hasScore(type, op, t);
  }
}
