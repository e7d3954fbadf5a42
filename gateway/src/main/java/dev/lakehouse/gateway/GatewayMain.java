package dev.lakehouse.gateway;

/**
 * Starts the Warehouse gateway from the environment (README.md has the variables). Exits 2 with a
 * message naming the variable when a setting is wrong or a port cannot be bound.
 */
public final class GatewayMain {
  private GatewayMain() {}

  public static void main(String[] args) throws InterruptedException {
    Gateway gateway;
    try {
      GatewayConfig config = GatewayConfig.fromEnvironment(System.getenv());
      gateway = Gateway.start(config, BackendSources.create(config));
    } catch (ConfigException e) {
      System.err.println("lakehouse-gateway: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "gateway-shutdown"));
    gateway.awaitClosed();
  }
}
