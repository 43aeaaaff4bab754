package dev.warden.gateway.spend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.dsl.model.ModelSpec;
import dev.warden.gateway.store.StoreException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Spend reports over {@code warden_spend} (chargeback and showback): sums per group in SQL, exact
 * to the nano-USD, and what the same tokens would have cost on other models at the catalog's
 * prices. Only reads.
 */
public final class SpendReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigDecimal NANO_PER_USD_PER_MTOK = BigDecimal.valueOf(1000);
  private final DataSource data;

  public SpendReport(DataSource data) {
    this.data = data;
  }

  /** The groups, costliest first, and their total. */
  public record Report(SpendQuery query, List<SpendRow> rows, SpendRow total) {
    public Report {
      rows = List.copyOf(rows);
    }
  }

  /** One group's actual spend and its cost on each candidate model (nano-USD), in the order asked. */
  public record CompareRow(SpendRow actual, Map<String, Long> candidates) {
    public CompareRow {
      candidates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(candidates));
    }
  }

  public record Comparison(SpendQuery query, List<String> models, List<CompareRow> rows, CompareRow total) {
    public Comparison {
      models = List.copyOf(models);
      rows = List.copyOf(rows);
    }
  }

  /** A (group, served model) sum as SQL returns it. */
  private record Part(String group, String model, SpendRow sums) {}

  public Report report(SpendQuery q) {
    Map<String, SpendRow> groups = new LinkedHashMap<>();
    for (Part p : parts(q, false)) {
      groups.merge(p.group(), p.sums().named(p.group()), SpendRow::plus);
    }
    List<SpendRow> rows = new ArrayList<>(groups.values());
    rows.sort(Comparator.comparingLong(SpendRow::costNanoUsd).reversed().thenComparing(SpendRow::group));
    SpendRow total = rows.stream().reduce(SpendRow.empty("total"), (a, b) -> a.plus(b));
    return new Report(q, rows, total);
  }

  /**
   * What each group's recorded tokens would have cost on each candidate, beside what they did
   * cost. Cached tokens are priced as input (the catalog has no cached-token price), so a
   * candidate's cost is what its list prices give.
   */
  public Comparison compare(SpendQuery q, List<ModelSpec> candidates) {
    Map<String, SpendRow> actual = new LinkedHashMap<>();
    Map<String, Map<String, BigDecimal>> costs = new LinkedHashMap<>();
    for (Part p : parts(q, true)) {
      actual.merge(p.group(), p.sums().named(p.group()), SpendRow::plus);
      Map<String, BigDecimal> c = costs.computeIfAbsent(p.group(), g -> new LinkedHashMap<>());
      for (ModelSpec m : candidates) {
        c.merge(m.name(), cost(m, p.sums()), BigDecimal::add);
      }
    }
    List<CompareRow> rows = new ArrayList<>();
    Map<String, Long> totals = new LinkedHashMap<>();
    candidates.forEach(m -> totals.put(m.name(), 0L));
    SpendRow total = SpendRow.empty("total");
    for (var e : actual.entrySet()) {
      Map<String, Long> c = new LinkedHashMap<>();
      for (ModelSpec m : candidates) {
        long nano = costs.get(e.getKey()).get(m.name()).setScale(0, RoundingMode.HALF_UP).longValueExact();
        c.put(m.name(), nano);
        totals.merge(m.name(), nano, Math::addExact);
      }
      rows.add(new CompareRow(e.getValue(), c));
      total = total.plus(e.getValue());
    }
    rows.sort(Comparator.comparingLong((CompareRow r) -> r.actual().costNanoUsd()).reversed()
        .thenComparing(r -> r.actual().group()));
    return new Comparison(q, candidates.stream().map(ModelSpec::name).toList(), rows, new CompareRow(total, totals));
  }

  /** Tokens at a model's prices (USD per million tokens), in nano-USD, not yet rounded. */
  static BigDecimal cost(ModelSpec m, SpendRow r) {
    BigDecimal in = BigDecimal.valueOf(m.inputPrice()).multiply(BigDecimal.valueOf(r.inputTokens()));
    BigDecimal out = BigDecimal.valueOf(m.outputPrice()).multiply(BigDecimal.valueOf(r.outputTokens()));
    return in.add(out).multiply(NANO_PER_USD_PER_MTOK);
  }

  private List<Part> parts(SpendQuery q, boolean byModel) {
    SpendQuery.GroupBy g = q.groupBy();
    Optional<String> column = g.tag().isPresent() ? Optional.of("tags") : g.column();
    List<String> keys = new ArrayList<>();
    column.ifPresent(keys::add);
    if (byModel) {
      keys.add("model");
    }
    StringBuilder sql = new StringBuilder("SELECT ");
    keys.forEach(k -> sql.append(k).append(", "));
    sql.append("COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(cached_tokens), SUM(cost_nanousd),"
        + " SUM(CASE WHEN estimated THEN 1 ELSE 0 END) FROM warden_spend WHERE 1 = 1");
    q.from().ifPresent(f -> sql.append(" AND occurred_at >= ?"));
    q.to().ifPresent(t -> sql.append(" AND occurred_at < ?"));
    if (!keys.isEmpty()) {
      sql.append(" GROUP BY ").append(String.join(", ", keys));
    }
    try (Connection c = data.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      if (q.from().isPresent()) {
        ps.setObject(i++, OffsetDateTime.ofInstant(q.from().get(), ZoneOffset.UTC));
      }
      if (q.to().isPresent()) {
        ps.setObject(i, OffsetDateTime.ofInstant(q.to().get(), ZoneOffset.UTC));
      }
      List<Part> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int at = 1;
          String group = column.isPresent() ? Objects.requireNonNullElse(rs.getString(at++), "") : "total";
          if (g.tag().isPresent()) {
            group = tag(group, g.tag().get());
          }
          String model = byModel ? rs.getString(at++) : "";
          long n = rs.getLong(at);
          if (n == 0) {
            continue; // no rows at all: SQL still answers one line of nulls without GROUP BY
          }
          out.add(new Part(group, model, new SpendRow(group, n, sum(rs, at + 1), sum(rs, at + 2), sum(rs, at + 3),
              sum(rs, at + 4), sum(rs, at + 5))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("cannot read the spend in the store: " + e.getMessage(), e);
    }
  }

  private static long sum(ResultSet rs, int at) throws SQLException {
    BigDecimal v = rs.getBigDecimal(at);
    return v == null ? 0 : v.longValueExact();
  }

  /** A tag's value in a row's tags (a JSON object); empty when it has none. */
  static String tag(String tags, String name) {
    try {
      JsonNode v = JSON.readTree(tags).get(name);
      return v == null || v.isNull() ? "" : v.isTextual() ? v.asText() : v.toString();
    } catch (IOException e) {
      return "";
    }
  }
}
