package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.auth.VirtualKeys;
import dev.warden.gateway.chat.OpenAiChat;
import dev.warden.gateway.config.GatewayConfig;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/** {@code GET /v1/models}: the catalog models the caller's key may use. */
public final class ModelsEndpoint {
  private final VirtualKeys keys;
  private final List<GatewayConfig.ModelConfig> models;

  public ModelsEndpoint(VirtualKeys keys, List<GatewayConfig.ModelConfig> models) {
    this.keys = keys;
    this.models = List.copyOf(models);
  }

  public void handle(ServerRequest req, ServerResponse res) {
    GatewayConfig.KeyConfig key = Auth.caller(keys, req);
    ObjectNode body = OpenAiChat.JSON.createObjectNode();
    body.put("object", "list");
    ArrayNode data = body.putArray("data");
    for (GatewayConfig.ModelConfig m : models) {
      if (key.models().isEmpty() || key.models().contains(m.spec().name())) {
        ObjectNode o = data.addObject();
        o.put("id", m.spec().name());
        o.put("object", "model");
        o.put("created", 0);
        o.put("owned_by", m.provider());
      }
    }
    Http.send(res, 200, body);
  }
}
