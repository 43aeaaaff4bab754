package dev.warden.gateway.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.api.ApiError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The texts of an answer for the response rules, and what an answer carries that they cannot check. */
class AnswerTextsTest {
  static ObjectNode json(String s) throws Exception {
    return (ObjectNode) OpenAiChat.JSON.readTree(s);
  }

  static List<String> texts(JsonNode completion) {
    return AnswerTexts.of(completion).stream().map(JsonTexts.Found::text).toList();
  }

  @Test
  void contentRefusalAndArgumentValuesAreTheTexts() throws Exception {
    ObjectNode c = json("""
        {"choices": [{"index": 0, "message": {"role": "assistant", "content": "Sending.", "refusal": "no",
          "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "send", "arguments": "{\\"to\\": \\"<EMAIL_1>\\", \\"cc\\": [\\"x\\"]}"}}]}}]}
        """);
    assertEquals(List.of("Sending.", "no", "<EMAIL_1>", "x"), texts(c));
    List<JsonTexts.Found> found = AnswerTexts.of(c);
    AnswerTexts.write(c, found, List.of("Sending.", "no", "jane@acme.com", "x"));
    assertEquals(json("{\"to\": \"jane@acme.com\", \"cc\": [\"x\"]}"),
        OpenAiChat.JSON.readTree(c.at("/choices/0/message/tool_calls/0/function/arguments").asText()));
  }

  @Test
  void aToolCallWithoutContentHasOnlyItsArguments() throws Exception {
    ObjectNode c = json("""
        {"choices": [{"index": 0, "message": {"role": "assistant", "content": null,
          "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{\\"city\\": \\"Paris\\"}"}}]}}]}
        """);
    assertEquals(List.of("Paris"), texts(c));
    assertEquals(List.of(""), texts(json("{\"choices\": [{\"message\": {\"content\": null}}]}")));
    assertEquals(List.of(""), texts(json("{}")));
  }

  @Test
  void otherChoicesLogprobsAndAudioAreRemovedWithWarnings() throws Exception {
    ObjectNode c = json("""
        {"choices": [
          {"index": 0, "message": {"content": "a", "audio": {"id": "au", "data": "AAAA", "transcript": "a"}},
           "logprobs": {"content": [{"token": "a", "bytes": [97]}]}},
          {"index": 1, "message": {"content": "b"}}]}
        """);
    List<String> warnings = UncheckedOutputs.remove(c);
    assertEquals(3, warnings.size(), warnings.toString());
    assertTrue(warnings.contains(UncheckedOutputs.LOGPROBS_WARNING));
    assertEquals(json("{\"choices\": [{\"index\": 0, \"message\": {\"content\": \"a\"}}]}"), c);
    ObjectNode plain = json("{\"choices\": [{\"index\": 0, \"message\": {\"content\": \"a\"}, \"logprobs\": null}]}");
    assertEquals(List.of(), UncheckedOutputs.remove(plain));
  }

  @Test
  void severalAnswersAndAudioAreRefusedSayingWhy() throws Exception {
    ApiError n = assertThrows(ApiError.class, () -> UncheckedOutputs.refuse(json("{\"n\": 2}")));
    assertEquals(400, n.status());
    assertEquals("invalid_request_error", n.type());
    assertTrue(n.getMessage().contains("\"n\" greater than 1"), n.getMessage());
    ApiError audio = assertThrows(ApiError.class,
        () -> UncheckedOutputs.refuse(json("{\"modalities\": [\"text\", \"audio\"], \"audio\": {\"voice\": \"alloy\"}}")));
    assertTrue(audio.getMessage().startsWith("Audio output is not accepted"), audio.getMessage());
    UncheckedOutputs.refuse(json("{\"n\": 1, \"modalities\": [\"text\"]}"));
    assertTrue(UncheckedOutputs.asksLogprobs(json("{\"logprobs\": true}")));
    assertTrue(UncheckedOutputs.asksLogprobs(json("{\"top_logprobs\": 2}")));
    assertFalse(UncheckedOutputs.asksLogprobs(json("{\"logprobs\": false}")));
  }
}
