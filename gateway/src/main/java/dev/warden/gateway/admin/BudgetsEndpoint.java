package dev.warden.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.dsl.model.Enums;
import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.api.Http;
import dev.warden.gateway.chat.OpenAiChat;
import dev.warden.gateway.config.Finance;
import dev.warden.gateway.finance.BudgetBook;
import dev.warden.gateway.finance.Hold;
import dev.warden.gateway.finance.Meter;
import dev.warden.gateway.finance.Money;
import dev.warden.gateway.finance.Periods;
import dev.warden.gateway.finance.StoredBudget;
import dev.warden.gateway.store.StoreException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code GET /admin/budgets} (every budget with its current period: start, spent, reserved,
 * remaining, used percent), {@code PUT /admin/budgets/{scope}/{subject}} ({@code amount_usd},
 * {@code period}, {@code cap_percent}) and {@code DELETE /admin/budgets/{scope}/{subject}}.
 * Spent and reserved are read from the store, so every replica answers the same.
 */
public final class BudgetsEndpoint {
  private static final Set<String> FIELDS = Set.of("amount_usd", "period", "cap_percent");
  private static final int MAX_BODY = 4096;
  private final Meter meter;

  public BudgetsEndpoint(Meter meter) {
    this.meter = meter;
  }

  public void list(ServerRequest req, ServerResponse res) {
    ObjectNode body = OpenAiChat.JSON.createObjectNode();
    ArrayNode list = body.putArray("budgets");
    try {
      meter.settled(); // the calls this replica answered are in the spend it shows
      Instant now = meter.clock().instant();
      Map<String, Long> reserved = meter.ledger().reserved();
      for (StoredBudget b : meter.book().all()) {
        list.add(view(b, now, reserved));
      }
    } catch (StoreException e) {
      throw ApiError.unavailable("The budget store cannot be reached.");
    }
    body.put("time_zone", meter.zone().getId());
    Http.send(res, 200, body);
  }

  public void put(ServerRequest req, ServerResponse res) {
    Enums.Scope scope = scope(req);
    String subject = subject(req);
    JsonNode n = Http.json(req, MAX_BODY);
    if (!n.isObject()) {
      throw ApiError.badRequest("The body must be a JSON object with amount_usd, and optionally period and cap_percent.");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw ApiError.badRequest("Unknown field " + (f.matches("[A-Za-z0-9_]{1,40}") ? "\"" + f + "\"" : "in the body")
            + "; a budget has amount_usd, period and cap_percent.");
      }
    }
    JsonNode a = n.path("amount_usd");
    if (!a.isNumber()) {
      throw ApiError.badRequest("amount_usd must be a number of USD, such as 50 or 12.5.");
    }
    BigDecimal amount = a.decimalValue();
    if (amount.signum() < 0 || amount.compareTo(Money.MAX_USD) > 0) {
      throw ApiError.badRequest("amount_usd must be between 0 and " + Money.MAX_USD.toPlainString() + ".");
    }
    Finance.Period period = Finance.Period.MONTHLY;
    if (n.has("period")) {
      JsonNode p = n.get("period");
      Optional<Finance.Period> parsed = p.isTextual() ? Periods.parse(p.asText()) : Optional.empty();
      if (parsed.isEmpty()) {
        throw ApiError.badRequest("period must be one of \"daily\", \"weekly\", \"monthly\", \"none\".");
      }
      period = parsed.get();
    }
    OptionalDouble cap = OptionalDouble.empty();
    if (n.has("cap_percent") && !n.get("cap_percent").isNull()) {
      JsonNode c = n.get("cap_percent");
      if (!c.isNumber() || !(c.asDouble() > 0) || c.asDouble() > 1000) {
        throw ApiError.badRequest("cap_percent must be a number above 0 and at most 1000 (percent of amount_usd), or null.");
      }
      cap = OptionalDouble.of(c.asDouble());
    }
    StoredBudget b = new StoredBudget(scope, subject, Money.nanos(amount), period, cap, "admin");
    try {
      meter.book().put(b);
      meter.settled();
      Http.send(res, 200, view(b, meter.clock().instant(), meter.ledger().reserved()));
    } catch (StoreException e) {
      throw ApiError.unavailable("The budget store cannot be reached; the budget was not set.");
    }
  }

  public void delete(ServerRequest req, ServerResponse res) {
    Enums.Scope scope = scope(req);
    String subject = subject(req);
    boolean deleted;
    try {
      deleted = meter.book().delete(scope, subject);
    } catch (StoreException e) {
      throw ApiError.unavailable("The budget store cannot be reached; the budget was not deleted.");
    }
    if (!deleted) {
      throw ApiError.notFound("budget_not_found", "There is no " + StoredBudget.scopeName(scope) + " budget for that"
          + " subject.");
    }
    ObjectNode body = OpenAiChat.JSON.createObjectNode();
    body.put("deleted", true).put("scope", StoredBudget.scopeName(scope)).put("subject", subject);
    Http.send(res, 200, body);
  }

  private ObjectNode view(StoredBudget b, Instant now, Map<String, Long> reserved) {
    Instant start = Periods.start(b.period(), now, meter.zone());
    Hold h = new Hold(b.scopeName(), b.subject(), b.period(), start, b.capNanos());
    long spent = meter.ledger().spent(b.scopeName(), b.subject(), start);
    long held = reserved.getOrDefault(h.counter(), 0L);
    ObjectNode o = OpenAiChat.JSON.createObjectNode();
    o.put("scope", b.scopeName()).put("subject", b.subject()).put("amount_usd", Money.usd(b.amountNanos()))
        .put("period", Periods.name(b.period()));
    if (b.capPercent().isPresent()) {
      o.put("cap_percent", b.capPercent().getAsDouble());
    } else {
      o.putNull("cap_percent");
    }
    o.put("origin", b.origin());
    if (b.period() == Finance.Period.NONE) {
      o.putNull("period_start");
    } else {
      o.put("period_start", start.atZone(meter.zone()).toOffsetDateTime().toString());
    }
    o.put("spent_usd", Money.usd(spent)).put("reserved_usd", Money.usd(held))
        .put("remaining_usd", Money.usd(b.amountNanos() - spent));
    if (b.amountNanos() > 0) {
      o.put("used_percent", BigDecimal.valueOf(spent).multiply(BigDecimal.valueOf(100))
          .divide(BigDecimal.valueOf(b.amountNanos()), 2, RoundingMode.HALF_UP));
    } else {
      o.putNull("used_percent");
    }
    return o;
  }

  private static Enums.Scope scope(ServerRequest req) {
    String s = req.path().pathParameters().first("scope").orElse("");
    return BudgetBook.scope(s).filter(x -> s.equals(StoredBudget.scopeName(x))).orElseThrow(() -> ApiError.badRequest(
        "The scope must be one of key, user, team, tenant, app."));
  }

  private static String subject(ServerRequest req) {
    String s = req.path().pathParameters().first("subject").orElse("");
    if (s.isEmpty() || s.length() > 256) {
      throw ApiError.badRequest("The subject must be 1 to 256 characters.");
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        throw ApiError.badRequest("The subject must not contain control characters.");
      }
    }
    return s;
  }
}
