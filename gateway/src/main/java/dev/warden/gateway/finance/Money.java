package dev.warden.gateway.finance;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money as the ledger keeps it: whole nano-USD (1e-9 USD) in a {@code long}, so sums are exact.
 * Catalog prices are USD per million tokens, so one token at price {@code p} costs
 * {@code p * 1000} nano-USD; a cost is rounded up to the next nano-USD, never down to zero.
 */
public final class Money {
  private static final BigDecimal NANOS_PER_TOKEN_PER_USD_PER_MILLION = BigDecimal.valueOf(1000);
  private static final BigDecimal NANOS_PER_USD = BigDecimal.valueOf(1_000_000_000L);
  /** The largest amount a budget may have: far below what a {@code long} of nano-USD holds. */
  public static final BigDecimal MAX_USD = BigDecimal.valueOf(1_000_000_000L);

  private Money() {}

  /** The cost of {@code tokens} at {@code usdPerMillion}, in nano-USD, rounded up. */
  public static long cost(long tokens, double usdPerMillion) {
    if (tokens <= 0 || usdPerMillion <= 0) {
      return 0;
    }
    return BigDecimal.valueOf(usdPerMillion).multiply(BigDecimal.valueOf(tokens))
        .multiply(NANOS_PER_TOKEN_PER_USD_PER_MILLION).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** USD to nano-USD, rounded up. */
  public static long nanos(BigDecimal usd) {
    return usd.multiply(NANOS_PER_USD).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** nano-USD to USD, exactly. */
  public static BigDecimal usd(long nanos) {
    return BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
  }

  /** nano-USD as a double of USD (for rule facts and metrics). */
  public static double usdDouble(long nanos) {
    return nanos / 1e9;
  }
}
