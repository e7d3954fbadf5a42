package dev.lakehouse.autoscaler.port;

import dev.lakehouse.autoscaler.state.ScalerState;

/**
 * Persists what the policy remembers (decision history, windows, pending scale-downs) so that it
 * survives an operator restart. The operator keeps it in the resource's status, which workloads
 * cannot write.
 */
public interface StateStore {
  /** The stored state, or {@link ScalerState#initial()} when there is none. */
  ScalerState load(ScalingTarget target);

  void save(ScalingTarget target, ScalerState state);
}
