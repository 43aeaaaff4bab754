package dev.warden.gateway.finance;

import dev.warden.dsl.model.Enums;
import dev.warden.gateway.config.Finance;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A budget as the store keeps it: {@code amountNanos} nano-USD per {@code period} for one
 * scope's subject, an optional cap (percent of the amount that reservations may not pass) and
 * where it came from ({@code config} or {@code admin}; helper code writing key budgets uses
 * {@code admin} too).
 */
public record StoredBudget(Enums.Scope scope, String subject, long amountNanos, Finance.Period period,
    OptionalDouble capPercent, String origin) {
  public StoredBudget {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(capPercent, "capPercent");
    Objects.requireNonNull(origin, "origin");
    if (amountNanos < 0) {
      throw new IllegalArgumentException("a budget cannot be negative");
    }
  }

  /** A budget of the configuration file. */
  public static StoredBudget of(Finance.Budget b) {
    return new StoredBudget(b.scope(), b.subject(), Money.nanos(b.amountUsd()), b.period(),
        b.capPercent().map(OptionalDouble::of).orElse(OptionalDouble.empty()), "config");
  }

  /** The scope as stored and written in rules: {@code key}, {@code user}, {@code team}, ... */
  public String scopeName() {
    return scopeName(scope);
  }

  public static String scopeName(Enums.Scope s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  /** The most that spend plus reservations may reach, in nano-USD; -1: no cap. */
  public long capNanos() {
    if (capPercent.isEmpty()) {
      return -1;
    }
    return BigDecimal.valueOf(amountNanos).multiply(BigDecimal.valueOf(capPercent.getAsDouble()))
        .divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR).longValueExact();
  }
}
