package dev.lakehouse.autoscaler.policy;

import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.state.ScalerState;

/**
 * Decides a size from a metrics snapshot and the remembered state. Pure apart from the baselines
 * used in the simulator: the same inputs give the same decision.
 *
 * @param <M> the metrics snapshot type
 */
@FunctionalInterface
public interface ScalingPolicy<M> {
  /**
   * @param metrics the snapshot, or null when it could not be read
   * @param state what the previous evaluation remembered
   * @param nowMs the current time, epoch ms
   */
  ScalingDecision decide(M metrics, ScalerState state, long nowMs);
}
