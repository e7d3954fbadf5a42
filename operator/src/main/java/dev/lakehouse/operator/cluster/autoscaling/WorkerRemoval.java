package dev.lakehouse.operator.cluster.autoscaling;

import java.util.List;

/**
 * Marks the worker pods the autoscaler chose, so that they, and no others, go when replicas shrink.
 */
@FunctionalInterface
public interface WorkerRemoval {
  void markForRemoval(String namespace, List<String> workerPods);
}
