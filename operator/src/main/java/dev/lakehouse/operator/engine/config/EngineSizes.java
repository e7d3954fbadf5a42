package dev.lakehouse.operator.engine.config;

import dev.lakehouse.api.v1alpha1.ClusterSpec;

/**
 * Cores and memory of a Cluster's driver and workers, with the defaults for what the spec leaves
 * out: one place, so the pods' resources, Spark's executor sizes and the autoscaler's task slots
 * agree.
 */
public final class EngineSizes {
  static final int DRIVER_CORES = 1;
  static final String DRIVER_MEMORY = "2Gi";
  static final int WORKER_CORES = 2;
  static final String WORKER_MEMORY = "4Gi";

  private EngineSizes() {}

  public static int driverCores(ClusterSpec spec) {
    return spec.driver == null || spec.driver.cores == null ? DRIVER_CORES : spec.driver.cores;
  }

  public static String driverMemory(ClusterSpec spec) {
    return spec.driver == null || spec.driver.memory == null ? DRIVER_MEMORY : spec.driver.memory;
  }

  /** Cores of one worker: its task slots. */
  public static int workerCores(ClusterSpec spec) {
    return spec.worker == null || spec.worker.cores == null ? WORKER_CORES : spec.worker.cores;
  }

  public static String workerMemory(ClusterSpec spec) {
    return spec.worker == null || spec.worker.memory == null ? WORKER_MEMORY : spec.worker.memory;
  }
}
