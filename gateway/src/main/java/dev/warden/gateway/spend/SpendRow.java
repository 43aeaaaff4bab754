package dev.warden.gateway.spend;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One group of a spend report: its calls, their tokens, their cost in nano-USD, and how many
 * were metered by estimate rather than by the provider's usage.
 */
public record SpendRow(String group, long requests, long inputTokens, long outputTokens, long cachedTokens,
    long costNanoUsd, long estimated) {
  public SpendRow {
    Objects.requireNonNull(group, "group");
  }

  /** This row plus another (the group is this one's). */
  public SpendRow plus(SpendRow o) {
    return new SpendRow(group, Math.addExact(requests, o.requests), Math.addExact(inputTokens, o.inputTokens),
        Math.addExact(outputTokens, o.outputTokens), Math.addExact(cachedTokens, o.cachedTokens),
        Math.addExact(costNanoUsd, o.costNanoUsd), Math.addExact(estimated, o.estimated));
  }

  public SpendRow named(String name) {
    return new SpendRow(name, requests, inputTokens, outputTokens, cachedTokens, costNanoUsd, estimated);
  }

  public static SpendRow empty(String group) {
    return new SpendRow(group, 0, 0, 0, 0, 0, 0);
  }

  /** Nano-USD as an exact decimal string in USD: 1234 is "0.000001234". */
  public static String usd(long nano) {
    return BigDecimal.valueOf(nano, 9).toPlainString();
  }
}
