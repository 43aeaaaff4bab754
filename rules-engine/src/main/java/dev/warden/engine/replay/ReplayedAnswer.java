package dev.warden.engine.replay;

import dev.warden.engine.facts.EntityTypes;
import dev.warden.engine.facts.ResponseText;

/** An answer rebuilt from a record, with the allow-list outcomes recorded for it (see {@link ReplayedText}). */
final class ReplayedAnswer extends ResponseText {
  private final PackViews views;

  ReplayedAnswer(RecordedAnswer recorded, EntityTypes types) {
    super(recorded.text().text(), recorded.text().tokens(), PackViews.all(recorded.text()), types,
        recorded.finishReason(), recorded.systemOverlap());
    this.views = new PackViews(recorded.text(), types);
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
