package dev.warden.gateway.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.chat.OpenAiChat;

/**
 * OpenAI function tools, {@code tool_choice} and {@code parallel_tool_calls} as Anthropic
 * custom tools and {@code tool_choice}. Only function tools translate.
 */
final class AnthropicToolsWire {
  private AnthropicToolsWire() {}

  static void toAnthropic(JsonNode body, ObjectNode out) throws UpstreamException {
    JsonNode tools = body.path("tools");
    if (!tools.isArray() || tools.isEmpty()) {
      return;
    }
    ArrayNode list = out.putArray("tools");
    for (int i = 0; i < tools.size(); i++) {
      JsonNode t = tools.get(i);
      if (!t.path("type").asText("function").equals("function")) {
        throw AnthropicWire.rejected("tools[" + i + "] is of type \"" + t.path("type").asText()
            + "\"; the anthropic provider translates function tools only");
      }
      JsonNode fn = t.path("function");
      ObjectNode tool = list.addObject().put("name", fn.path("name").asText());
      if (fn.path("description").isTextual()) {
        tool.put("description", fn.path("description").asText());
      }
      tool.set("input_schema", fn.path("parameters").isObject() ? fn.get("parameters").deepCopy()
          : OpenAiChat.JSON.createObjectNode().put("type", "object"));
      AnthropicWire.cacheControl(t, tool);
    }
    ObjectNode choice = choice(body.path("tool_choice"));
    if (body.path("parallel_tool_calls").isBoolean() && !body.path("parallel_tool_calls").asBoolean()) {
      if (choice == null) {
        choice = OpenAiChat.JSON.createObjectNode().put("type", "auto");
      }
      if (!choice.path("type").asText().equals("none")) {
        choice.put("disable_parallel_tool_use", true);
      }
    }
    if (choice != null) {
      out.set("tool_choice", choice);
    }
  }

  private static ObjectNode choice(JsonNode c) throws UpstreamException {
    if (c.isMissingNode() || c.isNull()) {
      return null;
    }
    if (c.isTextual()) {
      return switch (c.asText()) {
        case "auto" -> OpenAiChat.JSON.createObjectNode().put("type", "auto");
        case "required" -> OpenAiChat.JSON.createObjectNode().put("type", "any");
        case "none" -> OpenAiChat.JSON.createObjectNode().put("type", "none");
        default -> throw AnthropicWire.rejected("tool_choice \"" + c.asText() + "\" has no Anthropic equivalent");
      };
    }
    if (c.path("function").path("name").isTextual()) {
      return OpenAiChat.JSON.createObjectNode().put("type", "tool").put("name", c.path("function").path("name").asText());
    }
    throw AnthropicWire.rejected("tool_choice must be \"auto\", \"required\", \"none\" or a named function");
  }
}
