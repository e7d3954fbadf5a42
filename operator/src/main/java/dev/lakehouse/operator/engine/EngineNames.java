package dev.lakehouse.operator.engine;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Names, roles, ports and addresses of an engine's children. Every engine is a Cluster resource (a
 * Warehouse's and a Job's engines too), so these follow from its name and namespace.
 */
public record EngineNames(String engine, String namespace) {
  /** Role of the driver pod: the standalone master and the Spark Connect server. */
  public static final String DRIVER = "driver";

  /** Role of the worker pods. */
  public static final String WORKER = "worker";

  public static final int MASTER_PORT = 7077;
  public static final int MASTER_UI_PORT = 8080;
  public static final int CONNECT_PORT = 15002;
  public static final int UI_PORT = 4040;

  /** The UI of a driver's second application, the JDBC/Thrift server. */
  public static final int SQL_UI_PORT = 4041;

  public static final int WORKER_UI_PORT = 8081;

  public static EngineNames of(HasMetadata engine) {
    return new EngineNames(engine.getMetadata().getName(), engine.getMetadata().getNamespace());
  }

  /** The ConfigMap of the rendered Spark configuration. */
  public String config() {
    return engine + "-config";
  }

  /** The driver's StatefulSet and Service. */
  public String driver() {
    return engine + "-driver";
  }

  /** The workers' Deployment and headless Service. */
  public String workers() {
    return engine + "-workers";
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
