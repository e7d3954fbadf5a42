package dev.lakehouse.operator.cluster;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.State;
import dev.lakehouse.operator.engine.EngineModel;
import dev.lakehouse.operator.engine.EngineNames;

/**
 * Everything the desired state of a Cluster depends on: its engine, and whether and how big it
 * runs.
 *
 * @param running whether engine pods should run (false when stopped by the user or auto-terminated)
 * @param workers the number of workers wanted while running: {@link #fixedWorkers}, or the
 *     autoscaler's decision
 */
public record ClusterModel(Cluster cluster, EngineModel engine, boolean running, int workers) {

  /** Workers without the autoscaler's decision: spec.workers, else autoscale.minWorkers. */
  public static int fixedWorkers(Cluster cluster) {
    if (cluster.getSpec().workers != null) {
      return cluster.getSpec().workers;
    }
    return cluster.getSpec().autoscale == null ? 0 : cluster.getSpec().autoscale.minWorkers;
  }

  public static boolean stoppedByUser(Cluster cluster) {
    return cluster.getSpec().state == State.Stopped;
  }

  public EngineNames names() {
    return engine.names();
  }
}
