package dev.lakehouse.operator.cluster.autoscaling;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.operator.cluster.ClusterNames;
import dev.lakehouse.operator.cluster.autoscaling.spark.SparkLoad;
import dev.lakehouse.operator.cluster.autoscaling.spark.SparkRestLoad;
import java.time.Instant;
import java.util.Optional;

/**
 * The production source: the Cluster's standalone master and the Spark Connect driver's REST API.
 */
public class SparkRestLoadSource implements ClusterLoadSource {
  private final SparkRestLoad rest = new SparkRestLoad();

  @Override
  public Optional<SparkLoad> read(Cluster cluster, Instant now) {
    ClusterNames names = ClusterNames.of(cluster);
    return rest.read(names.masterUiUrl(), names.uiUrl(), now);
  }
}
