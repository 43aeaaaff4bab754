package dev.warden.gateway.config;

/** The configuration is wrong; the message says where and what to write instead. */
public final class ConfigException extends Exception {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
