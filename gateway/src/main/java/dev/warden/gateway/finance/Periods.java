package dev.warden.gateway.finance;

import dev.warden.gateway.config.Finance;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * When a budget's current period started: midnight of the day, of Monday, or of the first of
 * the month in the policy's time zone; a budget without a period has one period, starting at
 * the epoch.
 */
public final class Periods {
  /** The start of the one period of a budget without a period. */
  public static final Instant NO_PERIOD = Instant.EPOCH;

  private Periods() {}

  public static Instant start(Finance.Period period, Instant now, ZoneId zone) {
    LocalDate day = LocalDate.ofInstant(now, zone);
    return switch (period) {
      case DAILY -> day.atStartOfDay(zone).toInstant();
      case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(zone).toInstant();
      case MONTHLY -> day.withDayOfMonth(1).atStartOfDay(zone).toInstant();
      case NONE -> NO_PERIOD;
    };
  }

  /** The period's name as stored ({@code daily}, ...). */
  public static String name(Finance.Period p) {
    return p.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** A stored period name; empty when it is not one. */
  public static java.util.Optional<Finance.Period> parse(String s) {
    return switch (s) {
      case "daily" -> java.util.Optional.of(Finance.Period.DAILY);
      case "weekly" -> java.util.Optional.of(Finance.Period.WEEKLY);
      case "monthly" -> java.util.Optional.of(Finance.Period.MONTHLY);
      case "none" -> java.util.Optional.of(Finance.Period.NONE);
      default -> java.util.Optional.empty();
    };
  }
}
