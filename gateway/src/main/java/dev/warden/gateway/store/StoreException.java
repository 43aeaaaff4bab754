package dev.warden.gateway.store;

/** The store cannot be reached, migrated or written: the message says which and where. */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
