package dev.lakehouse.autoscaler.service;

import dev.lakehouse.autoscaler.port.ScalingTarget;
import dev.lakehouse.autoscaler.port.StateStore;
import dev.lakehouse.autoscaler.state.ScalerState;
import java.util.HashMap;
import java.util.Map;

/**
 * A state store in memory, for the simulator and tests; counts writes so a benchmark can report
 * them.
 */
public final class InMemoryStateStore implements StateStore {
  private final Map<ScalingTarget, ScalerState> states = new HashMap<>();
  private long writes;

  @Override
  public ScalerState load(ScalingTarget target) {
    return states.getOrDefault(target, ScalerState.initial());
  }

  @Override
  public void save(ScalingTarget target, ScalerState state) {
    states.put(target, state);
    writes++;
  }

  public long writes() {
    return writes;
  }
}
