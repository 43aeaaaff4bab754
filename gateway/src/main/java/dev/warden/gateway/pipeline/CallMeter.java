package dev.warden.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.dsl.model.ModelSpec;
import dev.warden.engine.eval.RequestEvaluation;
import dev.warden.engine.facts.Budgets;
import dev.warden.gateway.audit.RequestRecord;
import dev.warden.gateway.chat.ChatRequest;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.finance.Charge;
import dev.warden.gateway.finance.Meter;
import dev.warden.gateway.finance.Reservation;
import dev.warden.gateway.finance.Usage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pipeline's side of metering: budget facts for the rules, the reservation of a call's
 * worst-case cost on the candidate models once the rules chose them, and its settlement at the
 * real cost (the provider's usage, else the gateway's count, flagged estimated) or its release
 * when no upstream answered. Without a {@link Meter} (pipelines built without a store) calls
 * are neither metered nor budgeted.
 */
final class CallMeter {
  private final Optional<Meter> meter;
  private final Map<String, GatewayConfig.ModelConfig> models;

  CallMeter(Optional<Meter> meter, Map<String, GatewayConfig.ModelConfig> models) {
    this.meter = meter;
    this.models = models;
  }

  Budgets facts(GatewayConfig.KeyConfig key, RequestRecord record) {
    return meter.map(m -> m.facts(key, record)).orElse(Budgets.NONE);
  }

  Optional<Reservation> reserve(GatewayConfig.KeyConfig key, ChatRequest request, RequestEvaluation evaluation,
      List<String> candidates, RequestRecord record) {
    if (meter.isEmpty()) {
      return Optional.empty();
    }
    List<ModelSpec> specs = candidates.stream().map(models::get).filter(java.util.Objects::nonNull)
        .map(GatewayConfig.ModelConfig::spec).toList();
    long prompt = (long) evaluation.facts().getPrompt().getTokens();
    return Optional.of(meter.get().reserve(record.id(), key, prompt, request.maxTokens(), specs, record));
  }

  /** Settles a call served by {@code model} with this usage (an OpenAI usage object). */
  void settle(Optional<Reservation> held, ChatRequest request, String endpoint, RequestEvaluation evaluation,
      String model, JsonNode usage, RequestRecord record) {
    if (held.isEmpty() || meter.isEmpty()) {
      return;
    }
    Usage u = Usage.of(usage);
    GatewayConfig.ModelConfig m = models.get(model);
    long cost = m == null ? held.get().amountNanos() : Meter.cost(m.spec(), u);
    Map<String, String> tags = new LinkedHashMap<>(request.metadata());
    tags.putAll(evaluation.decision().tags());
    meter.get().settle(held.get(), new Charge(request.model(), model, endpoint, tags, u.prompt(), u.completion(),
        u.cached(), cost, u.estimated(), "settled"), record);
  }

  void release(Optional<Reservation> held, RequestRecord record) {
    if (held.isPresent() && meter.isPresent()) {
      meter.get().release(held.get(), record);
    }
  }

  /**
   * A stream ended, however it ended (finished, stopped by a rule, failed, the caller gone):
   * what the upstream produced is charged, by its usage or counted; nothing produced, released.
   */
  void settleStream(Optional<Reservation> held, ChatRequest request, String endpoint, RequestEvaluation evaluation,
      StreamGuard guard, RequestRecord record) {
    if (held.isEmpty() || meter.isEmpty()) {
      return;
    }
    JsonNode provider = guard.providerUsage();
    if (Usage.present(provider)) {
      settle(held, request, endpoint, evaluation, guard.model(), provider, record);
      return;
    }
    StreamGuard.Usage counted = guard.usage();
    if (guard.model().isEmpty() || counted.completion() == 0) {
      release(held, record);
      return;
    }
    JsonNode u = dev.warden.gateway.chat.OpenAiChat.JSON.createObjectNode().put("prompt_tokens", counted.prompt())
        .put("completion_tokens", counted.completion()).put("warden_estimated", true);
    settle(held, request, endpoint, evaluation, guard.model(), u, record);
  }
}
