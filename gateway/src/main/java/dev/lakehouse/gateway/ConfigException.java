package dev.lakehouse.gateway;

/** A setting the gateway cannot run with; the message names the variable and what to do. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
