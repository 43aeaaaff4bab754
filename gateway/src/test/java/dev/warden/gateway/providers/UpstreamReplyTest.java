package dev.warden.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.chat.OpenAiChat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An upstream's answer passed on as it came but for its model: the caller reads the same JSON
 * as from the tree the gateway used to write, the upstream's own formatting kept; what cannot be
 * passed on so is read into a tree as before, with the same errors.
 */
class UpstreamReplyTest {
  static final String ANSWER = "{ \"id\" : \"c1\", \"object\":\"chat.completion\", \"model\" : \"gpt-4o-2024-08-06\","
      + " \"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"caf\\u00e9 \\\"ok\\\"\","
      + "\"model\":\"inner\"},\"finish_reason\":\"stop\"},{\"index\":1,\"message\":{\"content\":\"second\"}}],"
      + " \"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}, \"system_fingerprint\":null }";

  static UpstreamReply reply(String body) throws UpstreamException {
    return UpstreamReply.of(body.getBytes(StandardCharsets.UTF_8), "up");
  }

  /** What the gateway wrote before: the tree with the model set. */
  static JsonNode expected(String body, String model) throws Exception {
    ObjectNode tree = (ObjectNode) OpenAiChat.JSON.readTree(body.getBytes(StandardCharsets.UTF_8));
    return tree.put("model", model);
  }

  static JsonNode read(byte[] json) throws Exception {
    return OpenAiChat.JSON.readTree(json);
  }

  @Test
  void theAnswerIsPassedOnWithItsFormattingButTheModelReplaced() throws Exception {
    UpstreamReply r = reply(ANSWER);
    assertTrue(r.passedOn());
    String out = new String(r.withModel("small-\"us\""), StandardCharsets.UTF_8);
    assertEquals(ANSWER.replace("\"model\" : \"gpt-4o-2024-08-06\"", "\"model\" : \"small-\\\"us\\\"\""), out);
    assertEquals(expected(ANSWER, "small-\"us\""), read(out.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void itsUsageAndAnswerTextAreReadAsTheTreeReadsThem() throws Exception {
    UpstreamReply r = reply(ANSWER);
    JsonNode tree = OpenAiChat.JSON.readTree(ANSWER);
    assertEquals(Optional.of(tree.get("usage")), r.usage());
    assertEquals(OpenAiChat.answerText(tree), r.answerText());
    assertEquals("café \"ok\"", r.answerText());
    assertEquals(tree, r.tree());
  }

  @Test
  void bodiesOfEveryShapeReadTheSameAsTheTreeWithTheModelSet() throws Exception {
    List<String> bodies = List.of(
        "{}",
        " {\n} ",
        "{\"id\":\"x\"}",
        "{\"model\":null,\"choices\":[]}",
        "{\"model\":{\"a\":[1,{\"model\":2}]},\"choices\":\"odd\"}",
        "{\"model\":12.5e3,\"choices\":[null,{\"message\":{\"content\":\"no\"}}]}",
        "{\"choices\":[{\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"parts\"}]}}],\"usage\":null}",
        "{\"choices\":[{\"message\":{\"content\":null}}],\"model\":\"m\"}",
        "{\"model\":\"m\"}   trailing text Jackson ignores",
        "{\"model\":\"m\",\"x\":\"\\u2028\\ud83d\\ude00 \u00e9\"}",
        "\t\r\n{\"usage\":{\"prompt_tokens\":1},\"model\":\"\"}");
    for (String b : bodies) {
      UpstreamReply r = reply(b);
      assertTrue(r.passedOn(), b);
      assertEquals(expected(b, "small-us"), read(r.withModel("small-us")), b);
      JsonNode tree = OpenAiChat.JSON.readTree(b);
      assertEquals(OpenAiChat.answerText(tree), r.answerText(), b);
      assertEquals(Optional.ofNullable(tree.get("usage")), r.usage(), b);
    }
  }

  @Test
  void aTopLevelFieldNamedTwiceIsReadAsATreeWhichKeepsTheLast() throws Exception {
    for (String b : List.of("{\"model\":\"a\",\"model\":\"b\"}", "{\"usage\":{},\"usage\":{\"prompt_tokens\":1}}",
        "{\"choices\":[],\"choices\":[{\"message\":{\"content\":\"last\"}}]}")) {
      UpstreamReply r = reply(b);
      assertFalse(r.passedOn(), b);
      assertEquals(OpenAiChat.JSON.readTree(b), r.tree(), b);
    }
  }

  @Test
  void whatIsNotUtf8JsonOpeningAnObjectIsReadAsATree() throws Exception {
    // UTF-16 and a byte order mark: Jackson detects and reads them; they are written again as UTF-8
    byte[] utf16 = "{\"model\":\"m\",\"choices\":[]}".getBytes(StandardCharsets.UTF_16LE);
    UpstreamReply r = UpstreamReply.of(utf16, "up");
    assertFalse(r.passedOn());
    assertEquals(OpenAiChat.JSON.readTree("{\"model\":\"m\",\"choices\":[]}"), r.tree());
    byte[] bom = ("\uFEFF{\"model\":\"m\"}").getBytes(StandardCharsets.UTF_8);
    assertFalse(UpstreamReply.of(bom, "up").passedOn());
  }

  @Test
  void garbageIsTheUpstreamsErrorAsBefore() {
    Map<String, String> cases = Map.of(
        "[1,2]", "up answered with something that is not a JSON object",
        "\"text\"", "up answered with something that is not a JSON object",
        "{\"model\":", "up answered with a body that is not JSON",
        "{\"a\":1,,}", "up answered with a body that is not JSON",
        "<html>busy</html>", "up answered with a body that is not JSON");
    cases.forEach((body, message) -> {
      UpstreamException e = assertThrows(UpstreamException.class, () -> reply(body), body);
      assertEquals(502, e.status(), body);
      assertEquals(message, e.getMessage(), body);
    });
    byte[] badUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    UpstreamException e = assertThrows(UpstreamException.class, () -> UpstreamReply.of(badUtf8, "up"));
    assertEquals(502, e.status());
  }

  @Test
  void aTreeFromAProviderThatTranslatesIsNotPassedOn() {
    ObjectNode tree = OpenAiChat.JSON.createObjectNode().put("model", "m");
    UpstreamReply r = UpstreamReply.of(tree);
    assertFalse(r.passedOn());
    assertEquals(tree, r.tree());
  }

  @Test
  void aBodyWithoutAModelGetsOneFirst() throws Exception {
    assertArrayEquals("{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8), reply("{}").withModel("m"));
    assertEquals("{\"model\":\"m\",\"id\":\"x\"}", new String(reply("{\"id\":\"x\"}").withModel("m"),
        StandardCharsets.UTF_8));
  }
}
