package dev.warden.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.chat.OpenAiChat;
import dev.warden.gateway.providers.UpstreamReply;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the gateway does with a non-streamed answer no rule reads, on the load benchmark's mock
 * answer: {@code tree} reads it into a Jackson tree, sets the model and writes it again (the
 * gateway before the pass-through), {@code passedOn} scans it once and replaces the model's
 * value in its bytes ({@link UpstreamReply}). Run with {@code -prof gc}: bytes allocated per
 * answer are far less sensitive to a shared machine than its time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnswerPassBenchmark {
  private byte[] answer;

  @Setup
  public void setup() {
    MockUpstream mock = new MockUpstream(MockUpstream.Options.parse());
    answer = mock.completion("gpt-4o");
  }

  @Benchmark
  public void tree(Blackhole bh) throws Exception {
    ObjectNode body = (ObjectNode) OpenAiChat.JSON.readTree(answer);
    bh.consume(OpenAiChat.answerText(body));
    JsonNode usage = body.get("usage");
    bh.consume(usage);
    body.put("model", "gpt-4o");
    bh.consume(OpenAiChat.JSON.writeValueAsBytes(body));
  }

  @Benchmark
  public void passedOn(Blackhole bh) throws Exception {
    UpstreamReply r = UpstreamReply.of(answer, "mock");
    bh.consume(r.answerText());
    bh.consume(r.usage());
    bh.consume(r.withModel("gpt-4o"));
  }
}
