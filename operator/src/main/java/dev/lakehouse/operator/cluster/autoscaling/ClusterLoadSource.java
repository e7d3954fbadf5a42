package dev.lakehouse.operator.cluster.autoscaling;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.operator.cluster.autoscaling.spark.SparkLoad;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the autoscaler reads a Cluster's Spark load from. Empty when it cannot be read: the size
 * holds.
 */
@FunctionalInterface
public interface ClusterLoadSource {
  Optional<SparkLoad> read(Cluster cluster, Instant now);
}
