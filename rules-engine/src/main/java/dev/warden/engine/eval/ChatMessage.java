package dev.warden.engine.eval;

import java.util.Objects;

/** One message of a chat request: role (system, user, assistant, tool) and its text. */
public record ChatMessage(String role, String content) {
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
  }

  public boolean isSystem() {
    return role.equals("system") || role.equals("developer");
  }
}
