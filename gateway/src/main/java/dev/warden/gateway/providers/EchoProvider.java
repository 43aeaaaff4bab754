package dev.warden.gateway.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.text.TokenCounter;
import dev.warden.gateway.chat.OpenAiChat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A provider with no model behind it: it answers with what the model would have received
 * (the messages after redaction, and the model routing chose), so policies can be tried without
 * any API key. Usage is counted with the cl100k tokenizer; embeddings are deterministic vectors
 * derived from each input's hash.
 */
public final class EchoProvider implements Provider {
  /** Characters per streamed chunk. */
  static final int CHUNK = 24;
  private final String name;
  private final TokenCounter tokens;

  public EchoProvider(String name, TokenCounter tokens) {
    this.name = name;
    this.tokens = tokens;
  }

  @Override
  public String name() {
    return name;
  }

  /** The echo: "[model] role: text" for every message, as the model would have read it. */
  static String echo(ObjectNode body) {
    StringBuilder b = new StringBuilder("echo of ").append(body.path("model").asText()).append(":");
    for (JsonNode m : body.path("messages")) {
      JsonNode c = m.path("content");
      String text;
      if (c.isArray()) {
        StringBuilder t = new StringBuilder();
        for (JsonNode part : c) {
          if (part.path("type").asText().equals("text")) {
            t.append(t.isEmpty() ? "" : "\n").append(part.path("text").asText());
          }
        }
        text = t.toString();
      } else {
        text = c.asText("");
      }
      b.append("\n[").append(m.path("role").asText()).append("] ").append(text);
    }
    return b.toString();
  }

  @Override
  public ObjectNode complete(ObjectNode body, Duration timeout) {
    String text = echo(body);
    ObjectNode res = OpenAiChat.JSON.createObjectNode();
    res.put("id", "chatcmpl-echo-" + Long.toHexString(System.nanoTime()));
    res.put("object", "chat.completion");
    res.put("created", System.currentTimeMillis() / 1000);
    res.put("model", body.path("model").asText());
    ObjectNode choice = res.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", text);
    choice.put("finish_reason", "stop");
    res.set("usage", usage(body, text));
    return res;
  }

  @Override
  public void stream(ObjectNode body, Duration timeout, Consumer<ObjectNode> chunks) {
    String text = echo(body);
    String id = "chatcmpl-echo-" + Long.toHexString(System.nanoTime());
    String model = body.path("model").asText();
    for (int i = 0; i < text.length(); ) {
      int end = Math.min(text.length(), i + CHUNK);
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end++;
      }
      ObjectNode chunk = chunk(id, model);
      ObjectNode choice = ((ArrayNode) chunk.get("choices")).addObject();
      choice.put("index", 0);
      ObjectNode delta = choice.putObject("delta");
      if (i == 0) {
        delta.put("role", "assistant");
      }
      delta.put("content", text.substring(i, end));
      choice.putNull("finish_reason");
      chunks.accept(chunk);
      i = end;
    }
    ObjectNode last = chunk(id, model);
    ObjectNode choice = ((ArrayNode) last.get("choices")).addObject();
    choice.put("index", 0);
    choice.putObject("delta");
    choice.put("finish_reason", "stop");
    chunks.accept(last);
    ObjectNode usage = chunk(id, model);
    usage.set("usage", usage(body, text));
    chunks.accept(usage);
  }

  private static ObjectNode chunk(String id, String model) {
    ObjectNode c = OpenAiChat.chunk(id, model);
    c.putArray("choices");
    return c;
  }

  private ObjectNode usage(ObjectNode body, String answer) {
    int prompt = 0;
    for (JsonNode m : body.path("messages")) {
      prompt += tokens.count(m.path("content").isTextual() ? m.path("content").asText() : m.path("content").toString());
    }
    int completion = tokens.count(answer);
    ObjectNode u = OpenAiChat.JSON.createObjectNode();
    u.put("prompt_tokens", prompt);
    u.put("completion_tokens", completion);
    u.put("total_tokens", prompt + completion);
    return u;
  }

  @Override
  public ObjectNode embeddings(ObjectNode body, Duration timeout) {
    JsonNode input = body.path("input");
    ObjectNode res = OpenAiChat.JSON.createObjectNode();
    res.put("object", "list");
    res.put("model", body.path("model").asText());
    ArrayNode data = res.putArray("data");
    int total = 0;
    int index = 0;
    for (JsonNode item : input.isArray() ? input : OpenAiChat.JSON.createArrayNode().add(input)) {
      String text = item.asText();
      total += tokens.count(text);
      ObjectNode e = data.addObject();
      e.put("object", "embedding");
      e.put("index", index++);
      ArrayNode vec = e.putArray("embedding");
      byte[] h = sha256(text);
      for (int k = 0; k < 16; k++) {
        vec.add((h[k] & 0xff) / 127.5 - 1.0);
      }
    }
    ObjectNode u = res.putObject("usage");
    u.put("prompt_tokens", total);
    u.put("total_tokens", total);
    return res;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
