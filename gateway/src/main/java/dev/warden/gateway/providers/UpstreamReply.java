package dev.warden.gateway.providers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.api.Http;
import dev.warden.gateway.chat.OpenAiChat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * A chat completion as an upstream answered it, for a caller who gets it as it came but for
 * its {@code model} field: where no response rule reads the answer, its bytes are passed on
 * instead of being read into a tree and written again. One streaming pass checks that the body
 * is one JSON object and reads what the gateway needs of it: its usage, the answer's text
 * (choices[0].message.content, for the audit record) and where its top-level {@code model}
 * value lies. An answer that cannot be passed on so (not UTF-8 starting with '{', a top-level
 * field named twice) is read into a tree as before, with the same errors.
 */
public final class UpstreamReply {
  private final byte[] bytes;
  /** Where the root object ends: what follows it (Jackson ignores it) is not passed on. */
  private final int end;
  /** The top-level model value's byte range, or -1: none. */
  private final int modelStart;
  private final int modelEnd;
  private final JsonNode usage;
  private final String answerText;
  private final ObjectNode tree;

  private UpstreamReply(byte[] bytes, int end, int modelStart, int modelEnd, JsonNode usage, String answerText) {
    this.bytes = bytes;
    this.end = end;
    this.modelStart = modelStart;
    this.modelEnd = modelEnd;
    this.usage = usage;
    this.answerText = answerText;
    this.tree = null;
  }

  private UpstreamReply(ObjectNode tree) {
    this.bytes = null;
    this.end = 0;
    this.modelStart = -1;
    this.modelEnd = -1;
    this.usage = null;
    this.answerText = null;
    this.tree = tree;
  }

  /** An answer already read into a tree (a provider that translates, or one that could not be passed on). */
  public static UpstreamReply of(ObjectNode tree) {
    return new UpstreamReply(tree);
  }

  /**
   * An upstream's body: passed on when it can be, else read into a tree; a body that is not a
   * JSON object is the upstream's error (502), as {@link OpenAiProvider} always said.
   */
  public static UpstreamReply of(byte[] bytes, String provider) throws UpstreamException {
    UpstreamReply scanned = passable(bytes) ? scan(bytes) : null;
    return scanned != null ? scanned : new UpstreamReply(OpenAiProvider.parseObject(bytes, provider));
  }

  /** Whether the reply is passed on as it came ({@link #withModel}); else {@link #tree()} holds it. */
  public boolean passedOn() {
    return tree == null;
  }

  /** The answer as a tree: the one read, or the bytes read now (an answer that is passed on is valid JSON). */
  public ObjectNode tree() {
    if (tree != null) {
      return tree;
    }
    try {
      return (ObjectNode) OpenAiChat.JSON.readTree(bytes, 0, end);
    } catch (IOException e) {
      throw new IllegalStateException("a scanned answer did not read as JSON", e);
    }
  }

  /** The usage object as the upstream gave it (passed on answers only); empty when it gave none. */
  public Optional<JsonNode> usage() {
    return Optional.ofNullable(usage);
  }

  /** The answer's text as {@link OpenAiChat#answerText} reads it (passed on answers only). */
  public String answerText() {
    return answerText;
  }

  /** The bytes passed on, the top-level model set to {@code model} (added first when there was none). */
  public byte[] withModel(String model) {
    byte[] value = quoted(model);
    if (modelStart < 0) {
      int open = indexOfOpen();
      boolean empty = nextNonSpace(open + 1) == '}';
      byte[] field = concat("\"model\":".getBytes(StandardCharsets.US_ASCII), value,
          empty ? new byte[0] : new byte[] {','});
      return splice(open + 1, open + 1, field);
    }
    return splice(modelStart, modelEnd, value);
  }

  private byte[] splice(int from, int to, byte[] with) {
    byte[] out = new byte[end - (to - from) + with.length];
    System.arraycopy(bytes, 0, out, 0, from);
    System.arraycopy(with, 0, out, from, with.length);
    System.arraycopy(bytes, to, out, from + with.length, end - to);
    return out;
  }

  private int indexOfOpen() {
    int i = 0;
    while (bytes[i] != '{') {
      i++;
    }
    return i;
  }

  private int nextNonSpace(int from) {
    int i = from;
    while (i < end && isSpace(bytes[i])) {
      i++;
    }
    return i < end ? bytes[i] : -1;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  private static byte[] quoted(String s) {
    byte[] text = JsonStringEncoder.getInstance().quoteAsUTF8(s);
    byte[] out = new byte[text.length + 2];
    out[0] = '"';
    System.arraycopy(text, 0, out, 1, text.length);
    out[out.length - 1] = '"';
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b, byte[] c) {
    byte[] out = Arrays.copyOf(a, a.length + b.length + c.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    System.arraycopy(c, 0, out, a.length + b.length, c.length);
    return out;
  }

  /**
   * UTF-8 whose first byte after white space opens an object, and no NUL (Jackson would take a
   * body in UTF-16 or 32, or with a byte order mark, and write it as UTF-8: such a body is read
   * into a tree as before).
   */
  private static boolean passable(byte[] bytes) {
    int i = 0;
    while (i < bytes.length && isSpace(bytes[i])) {
      i++;
    }
    if (i == bytes.length || bytes[i] != '{') {
      return false;
    }
    for (byte b : bytes) {
      if (b == 0) {
        return false;
      }
    }
    return Http.validUtf8(bytes);
  }

  /** The streaming pass; null when the answer is not to be passed on (then read into a tree). */
  private static UpstreamReply scan(byte[] bytes) {
    try (JsonParser p = OpenAiChat.JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      boolean[] seen = new boolean[3];
      int modelStart = -1;
      int modelEnd = -1;
      JsonNode usage = null;
      String text = "";
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        int known = switch (name) {
          case "model" -> 0;
          case "usage" -> 1;
          case "choices" -> 2;
          default -> -1;
        };
        if (known >= 0) {
          if (seen[known]) {
            // a field named twice: the tree keeps the last, so the answer is read as a tree
            return null;
          }
          seen[known] = true;
        }
        p.nextToken();
        switch (name) {
          case "model" -> {
            modelStart = (int) p.currentTokenLocation().getByteOffset();
            p.skipChildren();
            p.finishToken();
            modelEnd = (int) p.currentLocation().getByteOffset();
          }
          case "usage" -> usage = p.readValueAsTree();
          case "choices" -> text = firstAnswerText(p);
          default -> p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT) {
        return null;
      }
      // what follows the root object is ignored, as the tree reader ignores it
      int end = (int) p.currentLocation().getByteOffset();
      return new UpstreamReply(bytes, end, modelStart, modelEnd, usage, text);
    } catch (IOException | RuntimeException e) {
      // not JSON: read as a tree, which says so as before
      return null;
    }
  }

  /** choices[0].message.content as text ("" when absent), the parser left at the end of choices. */
  private static String firstAnswerText(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return "";
    }
    JsonToken first = p.nextToken();
    String text = "";
    if (first == JsonToken.START_OBJECT) {
      text = OpenAiChat.choiceText(p.readValueAsTree());
    } else if (first != JsonToken.END_ARRAY) {
      p.skipChildren();
    }
    if (first != JsonToken.END_ARRAY) {
      while (p.nextToken() != JsonToken.END_ARRAY) {
        p.skipChildren();
      }
    }
    return text;
  }
}
