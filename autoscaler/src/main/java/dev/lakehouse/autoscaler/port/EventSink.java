package dev.lakehouse.autoscaler.port;

import dev.lakehouse.autoscaler.model.ScalingDecision;

/**
 * Receives decisions worth telling a person about (Kubernetes events, logs), each with its reason
 * and numbers.
 */
@FunctionalInterface
public interface EventSink {
  void record(ScalingTarget target, ScalingDecision decision);
}
