package dev.warden.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An Anthropic request's {@code tools} and {@code tool_choice} as OpenAI function tools. Only
 * custom tools (name, description, input_schema) translate; Anthropic's server tools (web
 * search, bash, text editor, ...) run on Anthropic's side and have no OpenAI form, so they are
 * a 400.
 */
final class AnthropicTools {
  private AnthropicTools() {}

  static void toOpenAi(JsonNode root, ObjectNode out) {
    JsonNode tools = root.get("tools");
    boolean any = false;
    if (tools != null && !tools.isNull()) {
      if (!tools.isArray()) {
        throw AnthropicMessages.bad("\"tools\" must be an array of tools.");
      }
      ArrayNode fns = OpenAiChat.JSON.createArrayNode();
      for (int i = 0; i < tools.size(); i++) {
        fns.add(tool(i, tools.get(i)));
      }
      if (!fns.isEmpty()) {
        out.set("tools", fns);
        any = true;
      }
    }
    JsonNode choice = root.get("tool_choice");
    if (choice == null || choice.isNull()) {
      return;
    }
    String type = choice.path("type").asText("");
    JsonNode openAi = switch (type) {
      case "auto" -> OpenAiChat.JSON.getNodeFactory().textNode("auto");
      case "any" -> OpenAiChat.JSON.getNodeFactory().textNode("required");
      case "none" -> OpenAiChat.JSON.getNodeFactory().textNode("none");
      case "tool" -> {
        if (!choice.path("name").isTextual()) {
          throw AnthropicMessages.bad("\"tool_choice\" of type \"tool\" needs the tool's \"name\".");
        }
        ObjectNode named = OpenAiChat.JSON.createObjectNode().put("type", "function");
        named.putObject("function").put("name", choice.path("name").asText());
        yield named;
      }
      default -> throw AnthropicMessages.bad(
          "\"tool_choice\" must be {\"type\": \"auto\" | \"any\" | \"tool\" | \"none\"}.");
    };
    if (!any) {
      // OpenAI refuses a tool choice without tools; Anthropic's meaning is "no tools" either way
      return;
    }
    out.set("tool_choice", openAi);
    if (choice.path("disable_parallel_tool_use").asBoolean(false)) {
      out.put("parallel_tool_calls", false);
    }
  }

  private static ObjectNode tool(int i, JsonNode t) {
    String at = "tools[" + i + "]";
    if (!t.isObject()) {
      throw AnthropicMessages.bad(at + " must be an object with \"name\" and \"input_schema\".");
    }
    String type = t.path("type").asText("custom");
    if (!type.equals("custom")) {
      throw AnthropicMessages.bad(at + " is a server tool (type \"" + type + "\"), which this gateway cannot"
          + " offer; only custom tools with \"name\", \"description\" and \"input_schema\" are accepted.");
    }
    if (!t.path("name").isTextual() || t.path("name").asText().isEmpty()) {
      throw AnthropicMessages.bad(at + ".name is required and must be a string.");
    }
    JsonNode schema = t.get("input_schema");
    if (schema == null || !schema.isObject()) {
      throw AnthropicMessages.bad(at + ".input_schema is required and must be a JSON Schema object.");
    }
    ObjectNode fn = OpenAiChat.JSON.createObjectNode().put("type", "function");
    ObjectNode f = fn.putObject("function").put("name", t.path("name").asText());
    if (t.path("description").isTextual()) {
      f.put("description", t.path("description").asText());
    }
    f.set("parameters", schema.deepCopy());
    AnthropicExtensions.cacheControl(at, t, fn);
    return fn;
  }
}
