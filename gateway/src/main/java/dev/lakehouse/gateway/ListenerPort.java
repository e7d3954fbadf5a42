package dev.lakehouse.gateway;

/**
 * The two protocols the gateway listens for; each is proxied to the same protocol's backend port.
 */
public enum ListenerPort {
  SQL("sql", "LAKEHOUSE_SQL_PORT"),
  CONNECT("connect", "LAKEHOUSE_CONNECT_PORT");

  private final String label;
  private final String variable;

  ListenerPort(String label, String variable) {
    this.label = label;
    this.variable = variable;
  }

  /** The value of the {@code port} label in metrics and the name used in log lines. */
  public String label() {
    return label;
  }

  /** The environment variable that sets this listen port. */
  public String variable() {
    return variable;
  }
}
