package dev.lakehouse.operator.engine;

import dev.lakehouse.api.v1alpha1.DriverSpec;
import dev.lakehouse.api.v1alpha1.WorkerSpec;

/**
 * Cores and memory of an engine's driver and workers, defaulted as the API defaults them (the CRD's
 * {@code @Default} values are the same constants): one place, so the pods' resources, Spark's
 * executor sizes and the autoscaler's task slots agree, also for objects stored before a default
 * existed.
 */
public final class EngineSizes {
  static final int DRIVER_CORES = Integer.parseInt(DriverSpec.DEFAULT_CORES);
  static final String DRIVER_MEMORY = DriverSpec.DEFAULT_MEMORY;
  static final int WORKER_CORES = Integer.parseInt(WorkerSpec.DEFAULT_CORES);
  static final String WORKER_MEMORY = WorkerSpec.DEFAULT_MEMORY;

  private EngineSizes() {}

  public static int driverCores(EngineDescription engine) {
    DriverSpec d = engine.driver();
    return d == null || d.cores == null ? DRIVER_CORES : d.cores;
  }

  public static String driverMemory(EngineDescription engine) {
    DriverSpec d = engine.driver();
    return d == null || d.memory == null ? DRIVER_MEMORY : d.memory;
  }

  /** Cores of one worker: its task slots. */
  public static int workerCores(EngineDescription engine) {
    WorkerSpec w = engine.worker();
    return w == null || w.cores == null ? WORKER_CORES : w.cores;
  }

  public static String workerMemory(EngineDescription engine) {
    WorkerSpec w = engine.worker();
    return w == null || w.memory == null ? WORKER_MEMORY : w.memory;
  }
}
