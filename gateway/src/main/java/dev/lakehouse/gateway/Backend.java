package dev.lakehouse.gateway;

import java.util.Objects;

/**
 * One engine the gateway may send connections to: a Warehouse's child Cluster, or an entry of a
 * backends file.
 *
 * @param name the cluster's name; sessions are counted per name
 * @param host where its driver listens
 * @param sqlPort its JDBC/Thrift port
 * @param connectPort its Spark Connect port
 * @param routable whether new connections may go to it (Ready, not draining, not being deleted)
 */
public record Backend(String name, String host, int sqlPort, int connectPort, boolean routable) {

  public Backend {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
  }

  /** The backend's port for connections that arrived on {@code listener}. */
  public int port(ListenerPort listener) {
    return listener == ListenerPort.SQL ? sqlPort : connectPort;
  }

  @Override
  public String toString() {
    return name
        + " at "
        + host
        + " (sql "
        + sqlPort
        + ", connect "
        + connectPort
        + (routable ? ", routable)" : ", not routable)");
  }
}
