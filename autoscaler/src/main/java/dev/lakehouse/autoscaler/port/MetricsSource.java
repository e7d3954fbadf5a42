package dev.lakehouse.autoscaler.port;

import java.util.Optional;

/**
 * Reads a snapshot of a target's load. Empty when the numbers cannot be read (driver down, scrape
 * failed): the policy then holds the size.
 *
 * @param <M> {@link dev.lakehouse.autoscaler.model.ClusterMetrics} or {@link
 *     dev.lakehouse.autoscaler.model.WarehouseMetrics}
 */
@FunctionalInterface
public interface MetricsSource<M> {
  Optional<M> snapshot(ScalingTarget target);
}
