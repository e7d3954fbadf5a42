package dev.lakehouse.operator.engine.load;

import dev.lakehouse.operator.engine.load.spark.SparkLoad;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the autoscaler reads a Cluster's Spark load from. Empty when it cannot be read: the size
 * holds.
 */
@FunctionalInterface
public interface EngineLoadSource {
  Optional<SparkLoad> read(HasMetadata cluster, Instant now);
}
