package dev.lakehouse.operator.cluster;

import dev.lakehouse.api.v1alpha1.Cluster;

/** Names and addresses of a Cluster's children. */
public record ClusterNames(String cluster, String namespace) {
  public static final String DRIVER = "driver";
  public static final String WORKER = "worker";
  public static final int MASTER_PORT = 7077;
  public static final int MASTER_UI_PORT = 8080;
  public static final int CONNECT_PORT = 15002;
  public static final int UI_PORT = 4040;
  public static final int WORKER_UI_PORT = 8081;

  public static ClusterNames of(Cluster cluster) {
    return new ClusterNames(cluster.getMetadata().getName(), cluster.getMetadata().getNamespace());
  }

  public String config() {
    return cluster + "-config";
  }

  public String driver() {
    return cluster + "-driver";
  }

  public String workers() {
    return cluster + "-workers";
  }

  public String driverHost() {
    return driver() + "." + namespace + ".svc";
  }

  public String masterUrl() {
    return "spark://" + driverHost() + ":" + MASTER_PORT;
  }

  public String sparkConnectUrl() {
    return "sc://" + driverHost() + ":" + CONNECT_PORT;
  }

  /** The standalone master's web UI, whose /json/ lists the workers and the cores they use. */
  public String masterUiUrl() {
    return "http://" + driverHost() + ":" + MASTER_UI_PORT;
  }

  public String uiUrl() {
    return "http://" + driverHost() + ":" + UI_PORT;
  }
}
