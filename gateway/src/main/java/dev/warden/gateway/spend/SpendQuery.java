package dev.warden.gateway.spend;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a spend report covers: how rows are grouped and the time range ({@code from} inclusive,
 * {@code to} exclusive; a day means its start, UTC).
 */
public record SpendQuery(GroupBy groupBy, Optional<Instant> from, Optional<Instant> to) {
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  public SpendQuery {
    Objects.requireNonNull(groupBy, "groupBy");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
      throw new IllegalArgumentException("from must be before to");
    }
  }

  /**
   * What rows are grouped by: a column of {@code warden_spend} ({@code team}, {@code user},
   * {@code tenant}, {@code app}, {@code model}, {@code key}), a tag's value ({@code tag:<name>}),
   * or nothing ({@code none}: one row for everything).
   */
  public record GroupBy(String name, Optional<String> column, Optional<String> tag) {
    public static final GroupBy NONE = new GroupBy("none", Optional.empty(), Optional.empty());

    /**
     * @throws IllegalArgumentException for anything else, saying what is accepted
     */
    public static GroupBy parse(String s) {
      return switch (s) {
        case "team" -> new GroupBy(s, Optional.of("team"), Optional.empty());
        case "user" -> new GroupBy(s, Optional.of("user_name"), Optional.empty());
        case "tenant" -> new GroupBy(s, Optional.of("tenant"), Optional.empty());
        case "app" -> new GroupBy(s, Optional.of("app"), Optional.empty());
        case "model" -> new GroupBy(s, Optional.of("model"), Optional.empty());
        case "key" -> new GroupBy(s, Optional.of("key_id"), Optional.empty());
        case "none" -> NONE;
        default -> {
          if (s.startsWith("tag:") && TAG.matcher(s.substring(4)).matches()) {
            yield new GroupBy(s, Optional.empty(), Optional.of(s.substring(4)));
          }
          throw new IllegalArgumentException("group_by must be team, user, tenant, app, model, key, none or"
              + " tag:<name> (letters, digits, _.-); got \"" + clip(s) + "\"");
        }
      };
    }
  }

  /**
   * A time as ISO-8601: an instant ({@code 2026-12-01T08:00:00Z}) or a day ({@code 2026-12-01},
   * its start in UTC).
   *
   * @throws IllegalArgumentException naming the parameter
   */
  public static Instant time(String name, String value) {
    try {
      return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be a time such as 2026-12-01T08:00:00Z or a day such as"
          + " 2026-12-01; got \"" + clip(value) + "\"");
    }
  }

  static String clip(String s) {
    String t = s.length() <= 40 ? s : s.substring(0, 40) + "...";
    return t.codePoints().collect(StringBuilder::new, (b, cp) -> b.append(Character.isISOControl(cp) ? "?"
        : Character.toString(cp)), StringBuilder::append).toString();
  }
}
