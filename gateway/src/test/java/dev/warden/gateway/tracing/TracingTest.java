package dev.warden.gateway.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.engine.catalog.ModelCatalog;
import dev.warden.engine.eval.Evaluator;
import dev.warden.engine.redact.Redactor;
import dev.warden.engine.snapshot.PackSet;
import dev.warden.engine.text.TokenCounter;
import dev.warden.gateway.audit.RequestRecord;
import dev.warden.gateway.chat.OpenAiChat;
import dev.warden.gateway.config.ConfigLoader;
import dev.warden.gateway.config.Env;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.pipeline.ChatPipeline;
import dev.warden.gateway.providers.Providers;
import dev.warden.gateway.providers.Upstreams;
import dev.warden.gateway.testing.TestGateway;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One request's trace, with the SDK's in-memory exporter: the span tree, its times and attributes. */
class TracingTest {
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String PARENT = "00f067aa0ba902b7";

  @TempDir
  Path dir;

  ChatPipeline pipeline() throws Exception {
    Path yaml = dir.resolve("gateway.yaml");
    Files.writeString(yaml, TestGateway.config(TestGateway.testPacks(), ""));
    GatewayConfig cfg = new ConfigLoader(Env.of(Map.of()), dir).load(yaml);
    Map<String, GatewayConfig.ModelConfig> byName = new LinkedHashMap<>();
    cfg.models().forEach(m -> byName.put(m.spec().name(), m));
    ModelCatalog catalog = new ModelCatalog(cfg.models().stream().map(GatewayConfig.ModelConfig::spec).toList());
    TokenCounter tokens = TokenCounter.cl100k();
    PackSet set = new PackSet(cfg.packs().folders(), List.of(), catalog, Clock.systemUTC());
    assertTrue(set.reload().activated());
    Upstreams upstreams = new Upstreams(Providers.of(cfg.providers(), tokens, c -> {
      throw new IllegalStateException("no anthropic here");
    }), byName, d -> { });
    Evaluator evaluator = new Evaluator(catalog, new Redactor(new byte[32]), tokens, m -> java.util.OptionalDouble.empty());
    return new ChatPipeline(set, evaluator, upstreams, byName, tokens, Clock.systemUTC(), ZoneOffset.UTC, false);
  }

  @Test
  void aRequestIsOneServerSpanWithChildrenForEachStep() throws Exception {
    ChatPipeline p = pipeline();
    GatewayConfig.KeyConfig key = new GatewayConfig.KeyConfig("us", "0".repeat(64), "alice", "eng", "acme", "tests",
        "us", "test", List.of(), List.of());
    RequestRecord r = new RequestRecord("req_trace", Instant.now(), System.nanoTime(), "/v1/chat/completions");
    r.endpoint("chat");
    r.traceparent("00-" + TRACE + "-" + PARENT + "-01");
    p.complete(key, OpenAiChat.parse(new ObjectMapper().readTree(TestGateway.chat("echo-us",
        "My SSN is 536-22-8145")), Map.of()), "chat", r);
    r.freeze(System.nanoTime());
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    Tracing tracing = Tracing.to(exporter, "warden-test");
    tracing.record(r);
    // read before close: shutting the provider down empties the in-memory exporter
    List<SpanData> spans = exporter.getFinishedSpanItems();
    tracing.close();
    SpanData root = one(spans, "warden chat");
    assertEquals(SpanKind.SERVER, root.getKind());
    assertEquals(TRACE, root.getTraceId(), "the caller's trace continues");
    assertEquals(PARENT, root.getParentSpanId());
    assertEquals("req_trace", root.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey(
        "warden.request_id")));
    assertEquals("warden-test", root.getResource().getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey(
        "service.name")));
    SpanData rules = one(spans, "warden request rules");
    assertEquals(root.getSpanId(), rules.getParentSpanId());
    for (String step : new String[] {"warden detect", "warden decide", "warden redact"}) {
      assertTrue(spans.stream().anyMatch(s -> s.getName().equals(step) && s.getParentSpanId().equals(rules.getSpanId())),
          step + " under the request rules");
    }
    SpanData upstream = one(spans, "warden upstream echo-us");
    assertEquals(SpanKind.CLIENT, upstream.getKind());
    assertEquals(root.getSpanId(), upstream.getParentSpanId());
    SpanData check = one(spans, "warden response check");
    assertEquals(root.getSpanId(), check.getParentSpanId());
    // children lie within the request, in order: rules, then upstream, then the answer's check
    assertTrue(root.getStartEpochNanos() <= rules.getStartEpochNanos());
    assertTrue(rules.getEndEpochNanos() <= upstream.getStartEpochNanos() + 1_000_000);
    assertTrue(upstream.getEndEpochNanos() <= check.getEndEpochNanos());
    assertTrue(check.getEndEpochNanos() <= root.getEndEpochNanos());
    // nothing from the prompt is in any attribute
    for (SpanData s : spans) {
      assertFalse(s.getAttributes().toString().contains("536-22-8145"), s.toString());
    }
  }

  @Test
  void aMalformedTraceparentStartsANewTrace() {
    assertFalse(io.opentelemetry.api.trace.Span.fromContext(Tracing.parent("00-zz-11-01")).getSpanContext().isValid());
    assertFalse(io.opentelemetry.api.trace.Span.fromContext(Tracing.parent("")).getSpanContext().isValid());
    assertFalse(io.opentelemetry.api.trace.Span.fromContext(Tracing.parent("ff-" + TRACE + "-" + PARENT + "-01"))
        .getSpanContext().isValid(), "version ff is invalid");
    assertTrue(io.opentelemetry.api.trace.Span.fromContext(Tracing.parent("00-" + TRACE + "-" + PARENT + "-00"))
        .getSpanContext().isValid());
    assertTrue(Optional.of(Tracing.parent("x".repeat(5000))).isPresent(), "long junk does not throw");
  }

  private static SpanData one(List<SpanData> spans, String name) {
    List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertEquals(1, found.size(), name + " in " + spans.stream().map(SpanData::getName).toList());
    return found.getFirst();
  }
}
