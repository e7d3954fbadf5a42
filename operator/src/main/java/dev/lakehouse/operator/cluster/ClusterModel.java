package dev.lakehouse.operator.cluster;

import dev.lakehouse.api.runtime.RuntimeVersions.RuntimeVersion;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.State;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.engine.config.RenderedSparkConfig;

/**
 * Everything the desired state of a Cluster depends on.
 *
 * @param running whether engine pods should run (false when stopped by the user or auto-terminated)
 * @param workers the number of workers wanted while running: {@link #fixedWorkers}, or the
 *     autoscaler's decision
 */
public record ClusterModel(
    Cluster cluster,
    Workspace workspace,
    RuntimeVersion runtime,
    RenderedSparkConfig config,
    String image,
    String imagePullPolicy,
    boolean running,
    int workers) {

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

  public ClusterNames names() {
    return ClusterNames.of(cluster);
  }
}
