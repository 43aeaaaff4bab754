package dev.warden.engine.facts;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The hour (0..23) and weekday ("mon".."sun") in the gateway's zone. */
public record TimeFacts(double hour, String weekday) {
  public TimeFacts {
    Objects.requireNonNull(weekday, "weekday");
  }

  public static TimeFacts of(ZonedDateTime t) {
    return new TimeFacts(t.getHour(), WEEKDAYS.get(t.getDayOfWeek().ordinal()));
  }

  /**
   * "mon".."sun" by {@link DayOfWeek#ordinal()}: the root locale's short names, lower case, made
   * once (looking them up per request went through the locale's text provider every time).
   */
  private static final List<String> WEEKDAYS = Arrays.stream(DayOfWeek.values())
      .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ROOT).toLowerCase(Locale.ROOT)).toList();
}
