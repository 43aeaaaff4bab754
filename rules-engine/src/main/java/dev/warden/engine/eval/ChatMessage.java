package dev.warden.engine.eval;

import java.util.Objects;

/**
 * One text of a chat request: role (system, user, assistant, tool) and its text. Most are the
 * request's messages; {@code attached} texts belong to a message or to the request without being
 * a message of their own (an assistant's tool-call arguments, a tool's description, predicted
 * output). Both are scanned, decided on (they are part of {@code prompt.text}) and redacted the
 * same way; only messages count in {@code prompt.messages}.
 */
public record ChatMessage(String role, String content, boolean attached) {
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
  }

  /** A message of its own. */
  public ChatMessage(String role, String content) {
    this(role, content, false);
  }

  /** Text attached to a message or to the request, in the voice of {@code role}. */
  public static ChatMessage attached(String role, String content) {
    return new ChatMessage(role, content, true);
  }

  /** The same message with another text (after redaction). */
  public ChatMessage withContent(String text) {
    return new ChatMessage(role, text, attached);
  }

  public boolean isSystem() {
    return role.equals("system") || role.equals("developer");
  }
}
