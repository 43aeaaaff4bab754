package dev.warden.engine.facts;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Objects;

/** The hour (0..23) and weekday ("mon".."sun") in the gateway's zone. */
public record TimeFacts(double hour, String weekday) {
  public TimeFacts {
    Objects.requireNonNull(weekday, "weekday");
  }

  public static TimeFacts of(ZonedDateTime t) {
    return new TimeFacts(t.getHour(), t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT)
        .toLowerCase(Locale.ROOT));
  }
}
