package dev.warden.gateway.finance;

import dev.warden.gateway.config.Finance;
import java.time.Instant;
import java.util.Objects;

/**
 * One budget a reservation holds money on: the scope's subject, the period and its start when
 * the money was reserved, and the cap that reservation was checked against (-1: none, the
 * budget only informs the rules).
 */
public record Hold(String scope, String subject, Finance.Period period, Instant periodStart, long capNanos) {
  public Hold {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(periodStart, "periodStart");
  }

  /** The counter of this budget's period: {@code scope:subject:epoch-second}, unambiguous read from the right. */
  public String counter() {
    return scope + ":" + subject + ":" + periodStart.getEpochSecond();
  }

  /** The same budget in the period that holds {@code now}. */
  public Hold at(Instant now, java.time.ZoneId zone) {
    Instant start = Periods.start(period, now, zone);
    return start.equals(periodStart) ? this : new Hold(scope, subject, period, start, capNanos);
  }
}
