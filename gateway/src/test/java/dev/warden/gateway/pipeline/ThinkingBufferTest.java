package dev.warden.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.chat.OpenAiChat;
import org.junit.jupiter.api.Test;

/** Streamed thinking pieces gathered into whole blocks, for the check before any is sent. */
class ThinkingBufferTest {
  static JsonNode json(String text) throws Exception {
    return OpenAiChat.JSON.readTree(text);
  }

  @Test
  void piecesBecomeWholeBlocksInOrderAndTheBufferEmpties() throws Exception {
    ThinkingBuffer b = new ThinkingBuffer();
    assertTrue(b.isEmpty());
    b.add(json("[{\"index\": 0, \"type\": \"thinking\", \"thinking\": \"\"}]"));
    b.add(json("[{\"index\": 0, \"type\": \"thinking\", \"thinking\": \"Let me \"}]"));
    b.add(json("[{\"index\": 0, \"type\": \"thinking\", \"thinking\": \"see.\"}]"));
    b.add(json("[{\"index\": 0, \"type\": \"thinking\", \"signature\": \"sig\"}]"));
    b.add(json("[{\"index\": 1, \"type\": \"redacted_thinking\", \"data\": \"ENC\"}]"));
    assertEquals(json("""
        [{"index": 0, "type": "thinking", "thinking": "Let me see.", "signature": "sig"},
         {"index": 1, "type": "redacted_thinking", "data": "ENC"}]"""), b.take());
    assertTrue(b.isEmpty());
    assertEquals(json("[]"), b.take());
  }
}
